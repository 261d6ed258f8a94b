import ClienteleCore
import Foundation

/// The body of `POST /customers/merge`, checked: the record kept, the 1–10 records merged into it, and for each field
/// the record whose value wins. Every problem is a 422 naming its field (`from[2]`, `fields.email`).
struct MergeRequest: Sendable {
    static let maxSources = 10

    let into: UUID
    let from: [UUID]
    /// Field name (`MergeFields`) → the id of the record whose value wins.
    let fields: [String: UUID]

    /// The body as sent: strings, so that a malformed id is named rather than a decoding failure.
    struct Body: Decodable {
        var into: String?
        var from: [String]?
        var fields: [String: String]?
    }

    init(into: UUID, from: [UUID], fields: [String: UUID]) {
        self.into = into
        self.from = from
        self.fields = fields
    }

    init(_ body: Body) throws {
        var validator = Validator()
        let into = Self.id(body.into, "into", &validator)
        var from: [UUID] = []
        if let ids = body.from, !ids.isEmpty, ids.count <= Self.maxSources {
            for (index, text) in ids.enumerated() {
                let field = "from[\(index)]"
                guard let id = Self.id(text, field, &validator) else { continue }
                if id == into {
                    validator.add(field, "is the record kept (into); a record is not merged into itself")
                } else if from.contains(id) {
                    validator.add(field, "is listed twice")
                } else {
                    from.append(id)
                }
            }
        } else {
            validator.add("from", "must list 1 to \(Self.maxSources) customer ids")
        }
        var fields: [String: UUID] = [:]
        for (name, text) in (body.fields ?? [:]).sorted(by: { $0.key < $1.key }) {
            let field = "fields.\(name)"
            guard MergeFields.named(name) != nil else {
                validator.add(field, "is not a field a merge chooses (\(MergeFields.names.joined(separator: ", ")))")
                continue
            }
            guard let id = Self.id(text, field, &validator) else { continue }
            if id != into, !from.contains(id) {
                validator.add(field, "must be the id of into or of one of from")
            } else {
                fields[name] = id
            }
        }
        try validator.check()
        self.init(into: into!, from: from, fields: fields)
    }

    /// Every record the merge touches: the kept one first, then the others in the request's order.
    var all: [UUID] { [into] + from }

    /// The field name of an id in this request (`into`, `from[1]`), for the answers that name it.
    func field(of id: UUID) -> String {
        if id == into { return "into" }
        return from.firstIndex(of: id).map { "from[\($0)]" } ?? "from"
    }

    private static func id(_ text: String?, _ field: String, _ validator: inout Validator) -> UUID? {
        guard let text else {
            validator.add(field, "is required")
            return nil
        }
        guard let id = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) else {
            validator.add(field, "must be a customer id (a UUID)")
            return nil
        }
        return id
    }
}
