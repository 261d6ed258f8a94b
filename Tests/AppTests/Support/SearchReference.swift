import Foundation
import SQLKit

/// The ids a search for `term` sorted by name must list, in order: the term tested on every customer of the
/// organization (substring of the folded name, email or phone) and sorted in SQL, the reference the name-order
/// pages (`NameOrderSearchTests`, `CommonTrigramSearchTests`) are compared with.
func searchReferenceIDs(_ sql: any SQLDatabase, organizationID: UUID, term: String, descending: Bool,
                        status: String = "active") async throws -> [String] {
    let direction = descending ? "DESC" : "ASC"
    return try await sql.raw("""
        SELECT id FROM customers WHERE organization_id = \(bind: organizationID) AND status = \(bind: status)
        AND (search_name LIKE \(bind: "%\(term)%") OR email LIKE \(bind: "%\(term)%") OR phone LIKE \(bind: "%\(term)%"))
        ORDER BY search_name \(unsafeRaw: direction), seq \(unsafeRaw: direction)
        """).all().map { try $0.decode(column: "id", as: UUID.self).uuidString.lowercased() }
}
