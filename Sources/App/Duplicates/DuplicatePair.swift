import Foundation
import Vapor

/// Two customers of one organization who look like the same person: `{"a": {id, name}, "b": {id, name}, "score", "reasons"}`.
struct DuplicatePair: Content, Equatable {
    struct Side: Content, Equatable {
        let id: UUID
        let name: String
    }

    let a: Side
    let b: Side
    let score: Int
    let reasons: [String]
}
