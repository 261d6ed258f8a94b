import Fluent
import Vapor

/// Pages of orders, newest first, with a keyset cursor on `seq`.
enum OrderHistory {
    static func page(_ query: QueryBuilder<Order>, _ page: PageRequest) async throws -> Page<Order.Public> {
        let total = try await query.copy().count()
        let pageQuery = query.copy().sort(\.$seq, .descending).limit(page.perPage + 1)
        if let after = page.after {
            guard let seq = Int(after) else { throw Problem.invalid("cursor", "is not a cursor this server issued") }
            pageQuery.filter(\.$seq < seq)
        } else {
            pageQuery.offset((page.page - 1) * page.perPage)
        }
        var orders = try await pageQuery.all()
        let hasMore = orders.count > page.perPage
        if hasMore { orders.removeLast() }
        let cursor = hasMore ? orders.last?.seq.map { Data(String($0).utf8).base64URLEncodedString() } : nil
        return Page(orders.map(Order.Public.init), total: total, nextCursor: cursor, request: page)
    }
}
