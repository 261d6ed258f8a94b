import Fluent
import Vapor

/// `page`, `per_page` (default 20, at most 100) and `cursor` from the query string.
struct PageRequest: Sendable {
    static let defaultPerPage = 20
    static let maxPerPage = 100
    /// The deepest page reachable by number; deeper pages are reached by `cursor`. Keeps every offset far from
    /// `Int` overflow: `(maxPage - 1) * maxPerPage` is about 10^9.
    static let maxPage = 10_000_000

    let page: Int
    let perPage: Int
    /// An opaque keyset cursor: the sort key of the last row of the previous page.
    let after: String?

    /// A page by number built in code (the dashboard's histories), bounded like one read from a request.
    init(page: Int, perPage: Int) {
        self.page = min(max(page, 1), Self.maxPage)
        self.perPage = min(max(perPage, 1), Self.maxPerPage)
        after = nil
    }

    /// A page built in code (exports walk a list in chunks by cursor).
    init(perPage: Int, after: String?) {
        page = 1
        self.perPage = perPage
        self.after = after
    }

    init(from request: Request) throws {
        var validator = Validator()
        let query = request.queryValues()
        func int(_ name: String, default value: Int) -> Int {
            guard let raw = query(name) else { return value }
            guard let number = Int(raw) else {
                validator.add(name, raw.allSatisfy(\.isNumber) || raw.first == "-" ? "is out of range" : "must be an integer")
                return value
            }
            return number
        }
        page = int("page", default: 1)
        perPage = int("per_page", default: Self.defaultPerPage)
        if !(1...Self.maxPage).contains(page) { validator.add("page", "must be between 1 and \(Self.maxPage); deeper pages are reached by cursor") }
        if !(1...Self.maxPerPage).contains(perPage) { validator.add("per_page", "must be between 1 and \(Self.maxPerPage)") }
        if let cursor = query("cursor") {
            if let decoded = Data(base64URLEncoded: cursor).flatMap({ String(data: $0, encoding: .utf8) }) {
                after = decoded
            } else {
                validator.add("cursor", "is not a cursor this server issued")
                after = nil
            }
        } else {
            after = nil
        }
        try validator.check()
    }

    /// The rows before this page. `page` and `perPage` are bounded when read, so this cannot overflow.
    var offset: Int { (min(max(page, 1), Self.maxPage) - 1) * min(max(perPage, 1), Self.maxPerPage) }

    /// Pages a query ordered by a unique string column: by cursor when one is given, else by page number.
    func fetch<M: Model>(
        _ query: QueryBuilder<M>, orderedBy key: KeyPath<M, FieldProperty<M, String>>,
        keyOf: (M) -> String
    ) async throws -> (items: [M], total: Int, nextCursor: String?) {
        let total = try await query.copy().count()
        let pageQuery = query.copy().sort(key, .ascending).limit(perPage + 1)
        if let after {
            pageQuery.filter(key > after)
        } else {
            pageQuery.offset(offset)
        }
        var items = try await pageQuery.all()
        let hasMore = items.count > perPage
        if hasMore { items.removeLast() }
        let cursor = hasMore ? items.last.map { Data(keyOf($0).utf8).base64URLEncodedString() } : nil
        return (items, total, cursor)
    }
}

extension Data {
    init?(base64URLEncoded string: String) {
        var base64 = string.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64.append("=") }
        self.init(base64Encoded: base64)
    }

    func base64URLEncodedString() -> String {
        base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
