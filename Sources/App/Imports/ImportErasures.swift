import Fluent
import Foundation
import SQLKit

/// The people erased since an import started: its file was uploaded before they asked to be forgotten, and its rows
/// must not bring them back. Known by the hashes of their contact details (`CustomerEraser.contactHashes`).
struct ImportErasures: Sendable {
    let hashes: Set<String>

    static let none = ImportErasures(hashes: [])

    /// Read in each batch's transaction: an erasure that commits while the import runs is seen by the next batch.
    static func since(_ date: Date, organizationID: UUID, on database: any Database) async throws -> ImportErasures {
        let rows = try await (try database.sql).raw("""
            SELECT contact_hashes FROM customer_erasures WHERE organization_id = \(bind: organizationID)
            AND erased_at >= \(bind: date) AND contact_hashes IS NOT NULL
            """).all()
        var hashes = Set<String>()
        for row in rows {
            let value = try row.decode(column: "contact_hashes", as: String.self)
            hashes.formUnion(value.split(separator: " ").map(String.init))
        }
        return ImportErasures(hashes: hashes)
    }

    /// Whether these validated changes name an erased person by email or phone.
    func contains(_ changes: CustomerChanges) -> Bool {
        guard !hashes.isEmpty else { return false }
        return !hashes.isDisjoint(with: CustomerEraser.contactHashes(email: changes.email ?? nil, phone: changes.phone ?? nil))
    }

    static func rejection(row: Int) -> ImportRejection {
        ImportRejection(row: row, field: "row", reason: "this person was erased while the import ran; the row was skipped")
    }
}
