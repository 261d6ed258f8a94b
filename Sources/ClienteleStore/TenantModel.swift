import Foundation
import Fluent

/// A model whose rows belong to one organization, in an `organization_id` column.
///
/// The unscoped `query(on:)` and `find(_:on:)` are deprecated for these models, and the package treats that warning as an error, so tenant data
/// can only be reached through `Tenant.query(_:on:)` — a forgotten organization filter does not compile.
protocol TenantModel: Model where IDValue == UUID {}

extension TenantModel {
    static var organizationKey: FieldKey { "organization_id" }

    @available(*, deprecated, message: "Tenant data is reached through Tenant.query(_:on:) or Unscoped.query(_:on:)")
    static func query(on database: any Database) -> QueryBuilder<Self> {
        QueryBuilder(database: database)
    }

    @available(*, deprecated, message: "Tenant data is reached through Tenant.find(_:id:on:)")
    static func find(_ id: IDValue?, on database: any Database) async throws -> Self? {
        nil
    }
}
