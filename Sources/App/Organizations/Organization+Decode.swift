import Fluent
import SQLKit
import Vapor

extension Organization: RowDecodable {
    static func decode(row: any SQLRow) throws -> Organization {
        let organization = Organization()
        let output = RowOutput(row: row)
        try organization.$id.output(from: output)
        try organization.$name.output(from: output)
        try organization.$slug.output(from: output)
        try organization.$defaultCountry.output(from: output)
        try organization.$timezone.output(from: output)
        try organization.$currency.output(from: output)
        try organization.$uniqueCustomerNames.output(from: output)
        try organization.$notificationMatrixJSON.output(from: output)
        try organization.$loyaltyProgramJSON.output(from: output)
        try organization.$courier.output(from: output)
        try organization.$createdAt.output(from: output)
        try organization.$updatedAt.output(from: output)
        return organization
    }

    /// The organization by id with one plain `SELECT`: most requests need its settings.
    static func load(_ id: UUID, on database: any Database) async throws -> Organization? {
        try await SQLRows.first("SELECT * FROM organizations WHERE id = \(bind: id)", on: try database.sql, byKey: true)?
            .model(Organization.self)
    }
}

extension Request {
    private struct OrganizationKey: StorageKey { typealias Value = Organization }

    /// The organization this request acts in, read once per request (from what the process keeps:
    /// `OrganizationCache`).
    func organization(_ id: UUID) async throws -> Organization? {
        if let cached = storage[OrganizationKey.self], cached.id == id { return cached }
        guard let organization = try await application.organizationCache.organization(id, on: db) else { return nil }
        storage[OrganizationKey.self] = organization
        return organization
    }
}
