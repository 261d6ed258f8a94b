import Fluent
import Foundation

/// Newest-first pages of a table with an insertion sequence (`seq`): by keyset cursor, or by page number.
enum NewestFirstPage {
    static func fetch<M: Model>(
        _ query: QueryBuilder<M>, _ page: PageRequest, seq: KeyPath<M, OptionalFieldProperty<M, Int>>
    ) async throws -> (items: [M], total: Int, nextCursor: String?) {
        let pageQuery = query.copy().sort(seq, .descending).limit(page.perPage + 1)
        if let after = page.after {
            guard let last = Int(after) else { throw Problem.invalid("cursor", "is not a cursor this server issued") }
            pageQuery.filter(seq < last)
        } else {
            pageQuery.offset(page.offset)
        }
        var items = try await pageQuery.all()
        let hasMore = items.count > page.perPage
        if hasMore { items.removeLast() }
        // A first page that is not full is the whole answer: no count needed.
        let total = !hasMore && page.after == nil && page.page == 1 ? items.count : try await query.copy().count()
        let cursor = hasMore ? items.last.flatMap { $0[keyPath: seq].value ?? nil }.map { Data(String($0).utf8).base64URLEncodedString() } : nil
        return (items, total, cursor)
    }
}
