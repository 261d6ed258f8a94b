import FluentKit

/// Every migration, in order. Append only.
public enum AppMigrations {
    public static let all: [any Migration] = [
        CreateOrganizations(),
        CreateUsers(),
        CreateAPITokens(),
        CreateAuditLog(),
        CreateAuthFailures(),
        CreateCustomers(),
        CreateCustomerTagsEventsAndIdempotency(),
        CreateOrganizationCounters(),
        CreateAddresses(),
        CreateOrders(),
        CreateTasks(),
        CreateCustomerSignupCounts(),
        CreateDashboardSessions(),
        CreateImportJobsAndErasures(),
        CreateCustomerStatusIndex(),
        QueueSearchIndexInserts(),
        HardenSecurity(),
        CreateNotifications(),
        CreateLoyalty(),
        CreateCourierClients(),
        CreateCustomerAccounts(),
        CreateSegments(),
        CreateCustomerMerges(),
        CreateDuplicateKeys(),
        CreateWeeklyStatsIndexes(),
        IndexCustomerReferences(),
        CreateDuplicatePairs(),
        CreateTokenRevocations(),
        CreateRateLimitWindows(),
        CreateRecentWrites(),
        MakeSchemaCitusReady(),
        ShardOrganizationCounters(),
        IndexCustomersInNameOrder(),
        BoundSearchPendingLists(),
        MaskCommonTrigrams(),
        PostCommonTrigramsByName(),
    ]
}

// The names databases record for these migrations (`_fluent_migrations.name`). Fluent's default is the type's
// module-qualified name, and they were written while the migrations were part of the App module: a database migrated
// then must see them as done, whatever module or type name they have now. A new migration names itself the same way.
extension CreateOrganizations { var name: String { "App.CreateOrganizations" } }
extension CreateUsers { var name: String { "App.CreateUsers" } }
extension CreateAPITokens { var name: String { "App.CreateAPITokens" } }
extension CreateAuditLog { var name: String { "App.CreateAuditLog" } }
extension CreateAuthFailures { var name: String { "App.CreateAuthFailures" } }
extension CreateCustomers { var name: String { "App.CreateCustomers" } }
extension CreateCustomerTagsEventsAndIdempotency { var name: String { "App.CreateCustomerTagsEventsAndIdempotency" } }
extension CreateOrganizationCounters { var name: String { "App.CreateOrganizationCounters" } }
extension CreateAddresses { var name: String { "App.CreateAddresses" } }
extension CreateOrders { var name: String { "App.CreateOrders" } }
extension CreateTasks { var name: String { "App.CreateTasks" } }
extension CreateCustomerSignupCounts { var name: String { "App.CreateCustomerSignupCounts" } }
extension CreateDashboardSessions { var name: String { "App.CreateDashboardSessions" } }
extension CreateImportJobsAndErasures { var name: String { "App.CreateImportJobsAndErasures" } }
extension CreateCustomerStatusIndex { var name: String { "App.CreateCustomerStatusIndex" } }
extension QueueSearchIndexInserts { var name: String { "App.QueueSearchIndexInserts" } }
extension HardenSecurity { var name: String { "App.HardenSecurity" } }
extension CreateNotifications { var name: String { "App.CreateNotifications" } }
extension CreateLoyalty { var name: String { "App.CreateLoyalty" } }
extension CreateCourierClients { var name: String { "App.CreateCourierClients" } }
extension CreateCustomerAccounts { var name: String { "App.CreateCustomerAccounts" } }
extension CreateSegments { var name: String { "App.CreateSegments" } }
extension CreateCustomerMerges { var name: String { "App.CreateCustomerMerges" } }
extension CreateDuplicateKeys { var name: String { "App.CreateDuplicateKeys" } }
extension CreateWeeklyStatsIndexes { var name: String { "App.CreateWeeklyStatsIndexes" } }
extension IndexCustomerReferences { var name: String { "App.IndexCustomerReferences" } }
extension CreateDuplicatePairs { var name: String { "App.CreateDuplicatePairs" } }
extension CreateTokenRevocations { var name: String { "App.CreateTokenRevocations" } }
extension CreateRateLimitWindows { var name: String { "App.CreateRateLimitWindows" } }
extension CreateRecentWrites { var name: String { "App.CreateRecentWrites" } }
extension MakeSchemaCitusReady { var name: String { "App.MakeSchemaCitusReady" } }
extension ShardOrganizationCounters { var name: String { "App.ShardOrganizationCounters" } }
extension IndexCustomersInNameOrder { var name: String { "App.IndexCustomersInNameOrder" } }
extension BoundSearchPendingLists { var name: String { "App.BoundSearchPendingLists" } }
extension MaskCommonTrigrams { var name: String { "App.MaskCommonTrigrams" } }
extension PostCommonTrigramsByName { var name: String { "App.PostCommonTrigramsByName" } }
