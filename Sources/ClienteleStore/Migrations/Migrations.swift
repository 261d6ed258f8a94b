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
    ]
}
