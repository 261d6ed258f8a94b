import Vapor

/// The list envelope of customers; `total_is_estimate` is true when more matched than were counted.
struct CustomerPage: Content {
    let data: [Customer.Public]
    let page: Int
    let perPage: Int
    let total: Int
    let totalIsEstimate: Bool
    @NullEncoded var nextCursor: String?

    enum CodingKeys: String, CodingKey {
        case data, page, total
        case perPage = "per_page"
        case totalIsEstimate = "total_is_estimate"
        case nextCursor = "next_cursor"
    }
}
