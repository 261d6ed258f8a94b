import Vapor

extension CustomerEvent {
    /// A timeline entry as the API shows it.
    struct Public: Encodable, Sendable {
        let event: CustomerEvent

        enum Key: String, CodingKey {
            case id, type, actor, source, details
            case createdAt = "created_at", userID = "user_id", name
        }

        func encode(to encoder: any Encoder) throws {
            var out = encoder.container(keyedBy: Key.self)
            try out.encode(event.id, forKey: .id)
            try out.encode(event.type, forKey: .type)
            var actor = out.nestedContainer(keyedBy: Key.self, forKey: .actor)
            try actor.encode(event.actorUserID, forKey: .userID)
            try actor.encode(event.actorName, forKey: .name)
            try out.encode(event.source, forKey: .source)
            let details = (try? JSONDecoder().decode(JSONDetails.self, from: Data(event.detailsJSON.utf8))) ?? JSONDetails()
            try out.encode(details, forKey: .details)
            try out.encode(event.createdAt, forKey: .createdAt)
        }
    }
}

/// Timeline details pass through as stored: a flat object of strings, booleans and string lists.
struct JSONDetails: Codable, Sendable {
    private var values: [String: CustomFieldValueOrList] = [:]

    init() {}

    init(from decoder: any Decoder) throws {
        values = try decoder.singleValueContainer().decode([String: CustomFieldValueOrList].self)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(values)
    }
}

enum CustomFieldValueOrList: Codable, Sendable {
    case value(CustomFieldValue)
    case list([String])

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let list = try? container.decode([String].self) { self = .list(list) } else { self = .value(try container.decode(CustomFieldValue.self)) }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case let .value(value): try container.encode(value)
        case let .list(list): try container.encode(list)
        }
    }
}

struct CustomerEventPage: Content {
    let data: [CustomerEvent.Public]
    let page: Int
    let perPage: Int
    let total: Int
    @NullEncoded var nextCursor: String?

    init(from decoder: any Decoder) throws {
        throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "output only"))
    }

    init(data: [CustomerEvent.Public], page: Int, perPage: Int, total: Int, nextCursor: String?) {
        self.data = data
        self.page = page
        self.perPage = perPage
        self.total = total
        self.nextCursor = nextCursor
    }

    enum CodingKeys: String, CodingKey {
        case data, page, total
        case perPage = "per_page"
        case nextCursor = "next_cursor"
    }
}
