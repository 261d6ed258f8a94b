import Foundation

/// `POST /messages`: `{"channel", "subject"?, "body", "customer_ids"? | "filters"? | "segment_id"?}`.
struct MarketingMessageInput: Decodable, Sendable {
    var channel: String?
    var subject: String?
    var body: String?
    var customerIDs: [String]?
    var filters: [String: JSONValue]?
    var segmentID: String?

    enum CodingKeys: String, CodingKey {
        case channel, subject, body, filters
        case customerIDs = "customer_ids", segmentID = "segment_id"
    }

    static let maxCustomerIDs = 1000
}

/// `202 {"queued", "skipped_no_consent", "skipped_no_contact"}`.
struct MarketingMessageResult: Codable, Sendable {
    var queued = 0
    var skippedNoConsent = 0
    var skippedNoContact = 0

    enum CodingKeys: String, CodingKey {
        case queued
        case skippedNoConsent = "skipped_no_consent", skippedNoContact = "skipped_no_contact"
    }
}
