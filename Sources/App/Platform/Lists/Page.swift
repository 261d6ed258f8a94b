import Vapor

/// The list envelope every list answers with.
struct Page<Item: Content>: Content {
    let data: [Item]
    let page: Int
    let perPage: Int
    let total: Int
    @NullEncoded var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data, page, total
        case perPage = "per_page"
        case nextCursor = "next_cursor"
    }
}

extension Page {
    init(_ items: [Item], total: Int, nextCursor: String?, request: PageRequest) {
        self.init(data: items, page: request.page, perPage: request.perPage, total: total, nextCursor: nextCursor)
    }
}
