import Foundation

/// An existing customer who looks like the same person as the one just written: `{"id", "name", "score", "reasons"}`.
struct PossibleDuplicate: Sendable, Equatable {
    let id: UUID
    let name: String
    let score: Int
    let reasons: [String]

    func write(to json: inout JSONWriter) {
        json.beginObject()
        json.key("id"); json.uuid(id)
        json.key("name"); json.string(name)
        json.key("reasons"); json.beginArray(); for reason in reasons { json.string(reason) }; json.endArray()
        json.key("score"); json.int(score)
        json.endObject()
    }
}
