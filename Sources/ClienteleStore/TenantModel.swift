import Foundation
import FluentKit

/// A model whose rows belong to one organization, in an `organization_id` column.
///
/// The unscoped `query(on:)` and `find(_:on:)` are deprecated for these models, and the package treats that warning as
/// an error (in every target that declares tenant models or queries them), so tenant data can only be reached through
/// `Tenant.query(_:on:)` — a forgotten organization filter does not compile. The two are public: a model of another
/// module that conforms finds these more specific ones before `Model`'s own.
public protocol TenantModel: Model where IDValue == UUID {}

extension TenantModel {
    @inlinable
    public static var organizationKey: FieldKey { "organization_id" }

    @available(*, deprecated, message: "Tenant data is reached through Tenant.query(_:on:) or Unscoped.query(_:on:)")
    @inlinable
    public static func query(on database: any Database) -> QueryBuilder<Self> {
        QueryBuilder(database: database)
    }

    @available(*, deprecated, message: "Tenant data is reached through Tenant.find(_:id:on:)")
    @inlinable
    public static func find(_ id: IDValue?, on database: any Database) async throws -> Self? {
        nil
    }
}
