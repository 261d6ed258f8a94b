import Fluent
import SQLKit
import Vapor

extension ClientService {
    /// The dashboard's list: the clients of one status, or — when none is asked — every client but the deleted ones,
    /// newest first, searched by name or email like the API's list.
    func listCurrent(status: ClientStatus?, search: String?, _ page: PageRequest) async throws -> Page<Client.Public> {
        if let status { return try await list(status: status, search: search, page) }
        let query = tenant.query(Client.self, on: database).filter(\.$status != ClientStatus.deleted.rawValue)
        if let search, !search.isEmpty {
            let pattern = "%" + search.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query.group(.or) { $0.filter(.sql(embed: "lower(name) LIKE \(bind: pattern)")).filter(\.$email, .custom("LIKE"), pattern) }
        }
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return Page(result.items.map(\.asPublic), total: result.total, nextCursor: result.nextCursor, request: page)
    }
}
