import Fluent
import Vapor

/// Pages of orders, newest first.
enum OrderHistory {
    static func page(_ query: QueryBuilder<Order>, _ page: PageRequest) async throws -> Page<Order.Public> {
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return Page(result.items.map(Order.Public.init), total: result.total, nextCursor: result.nextCursor, request: page)
    }
}
