import Foundation
import Vapor

/// Two customers of one organization who look like the same person: `{"a": {id, name}, "b": {id, name}, "score", "reasons"}`.
struct DuplicatePair: Content, Equatable {
    struct Side: Content, Equatable {
        let id: UUID
        let name: String

        enum CodingKeys: String, CodingKey { case id, name }

        init(id: UUID, name: String) {
            self.id = id
            self.name = name
        }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            id = try container.decode(UUID.self, forKey: .id)
            name = try container.decode(String.self, forKey: .name)
        }

        /// Ids in lower case, as every other record of the API writes them.
        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id.canonicalString, forKey: .id)
            try container.encode(name, forKey: .name)
        }
    }

    let a: Side
    let b: Side
    let score: Int
    let reasons: [String]
}
