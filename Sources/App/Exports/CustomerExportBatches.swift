import Fluent
import Foundation

/// Walks the customers a list request would show, 500 at a time by keyset cursor, so that an export of any size
/// holds one chunk in memory. Uses the list's own search, filters and visibility rules.
struct CustomerExportBatches: Sendable {
    static let size = 500

    let database: any Database
    let access: CustomerAccess
    let parameters: CustomerListParameters

    func forEach(_ body: ([CustomerExportRow]) async throws -> Void) async throws {
        let search = CustomerSearch(database: database, access: access)
        var after: String?
        while true {
            try Task.checkCancellation()
            let result = try await search.rows(parameters, page: PageRequest(perPage: Self.size, after: after),
                                               select: CustomerExportRow.select, decode: CustomerExportRow.decode, key: \.cursorKey)
            if !result.rows.isEmpty { try await body(result.rows) }
            guard let next = result.nextCursor,
                  let decoded = Data(base64URLEncoded: next).flatMap({ String(data: $0, encoding: .utf8) })
            else { return }
            after = decoded
        }
    }
}
