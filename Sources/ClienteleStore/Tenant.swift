import FluentKit
import Foundation
import FluentSQL
import SQLKit

/// The organization a request acts in: the only way to query tenant data.
public struct Tenant: Sendable, Equatable {
    public let organizationID: UUID

    @inlinable
    public init(organizationID: UUID) { self.organizationID = organizationID }

    @inlinable
    public func query<M: TenantModel>(_ type: M.Type, on database: any Database) -> QueryBuilder<M> {
        QueryBuilder<M>(database: database)
            .filter(.path([M.organizationKey], schema: M.schemaOrAlias), .equal, .bind(organizationID))
    }

    @inlinable
    public func find<M: TenantModel>(_ type: M.Type, id: UUID, on database: any Database) async throws -> M? {
        try await query(type, on: database).filter(\M._$id == id).first()
    }

    /// `SELECT *` of this organization's rows matching `condition`, decoded as models. Hot paths use it: it skips
    /// the query builder's per-column SQL generation, and the organization filter is still always there.
    /// `byKey`: the rows are found by a unique key or a short list of them (see `SQLRows.all`).
    @inlinable
    public func select<M: TenantModel>(_ type: M.Type, where condition: SQLQueryString, suffix: String = "",
                                       on database: any Database, byKey: Bool = false) async throws -> [M] {
        // By key: the condition's index finds the rows, not the organization's (`SQLDialectKind.byKey`).
        let organization = byKey ? SQLDialectKind(database).byKey(M.organizationKey.description)
            : SQLQueryString("\(ident: M.organizationKey.description)")
        let sql = SQLQueryString("SELECT * FROM \(ident: M.schema) WHERE ") + organization + " = "
            + "\(bind: organizationID) AND (" + condition + SQLQueryString(")\(unsafeRaw: suffix)")
        return try await SQLRows.all(sql, on: try database.sql, byKey: byKey).map { try $0.model(M.self) }
    }

    /// The record, or `TenantRecordNotFound` — the same answer for a missing record and another organization's (the
    /// HTTP edge answers it as a 404 naming `what`).
    @inlinable
    public func require<M: TenantModel>(_ type: M.Type, id: UUID, on database: any Database, what: String) async throws -> M {
        guard let model = try await find(type, id: id, on: database) else { throw TenantRecordNotFound(what: what) }
        return model
    }
}

/// A record `Tenant.require` did not find in the organization: missing, or another organization's (the two are never
/// told apart).
public struct TenantRecordNotFound: Error, Sendable, Equatable, CustomStringConvertible {
    /// What the record is, as the answer names it ("user", "import").
    public let what: String

    @inlinable
    public init(what: String) { self.what = what }

    public var description: String { "The \(what) was not found" }
}

/// The deliberate, greppable way around tenant scoping: sign-in by email and installation-wide
/// super-admin views. Nothing else should use it.
public enum Unscoped {
    @inlinable
    public static func query<M: Model>(_ type: M.Type, on database: any Database) -> QueryBuilder<M> {
        QueryBuilder<M>(database: database)
    }
}
