import Foundation

/// Which column of a file fills which customer field: by header name (synonyms, any case and spacing), or as
/// the caller mapped it explicitly (`{"Kundenname": "name"}`). A file needs a name (or first/last name) column.
struct ImportColumnMapping: Sendable {
    let header: [String]
    let fields: [Int: ImportField]
    /// The other system whose export the header is, when it is one (`ImportSystemProfile.detect`).
    let system: ImportSystemProfile?

    init(header: [String], explicit: [String: String] = [:]) throws {
        var v = Validator()
        var byHeader: [String: ImportField] = [:]
        for (column, target) in explicit {
            if let field = ImportField(rawValue: target) { byHeader[ImportField.normalized(column)] = field }
            else { v.add("mapping.\(column)", "must be one of " + ImportField.allCases.map(\.rawValue).joined(separator: ", ")) }
        }
        try v.check()
        let system = ImportSystemProfile.detect(header)
        var fields: [Int: ImportField] = [:]
        var taken = Set<ImportField>()
        for (index, title) in header.enumerated() {
            let key = ImportField.normalized(title)
            guard let field = byHeader[key] ?? system?.field(for: title) ?? ImportField.synonyms[key], field == .ignore || !taken.contains(field) else { continue }
            fields[index] = field
            taken.insert(field)
        }
        guard taken.contains(.name) || taken.contains(.firstName) || taken.contains(.lastName) else {
            throw Problem.invalid("file", "has no name column: name the column \"name\" (or \"first name\" and "
                + "\"last name\"), or map one with the mapping parameter; the header was: "
                + header.prefix(20).map { "\"\(String($0.prefix(40)))\"" }.joined(separator: ", "))
        }
        self.header = header
        self.fields = fields
        self.system = system
    }

    /// The explicit mapping as stored with a job: header → field.
    var storedJSON: String {
        let pairs = fields.sorted { $0.key < $1.key }.map { (header[$0.key], $0.value.rawValue) }
        let object = Dictionary(pairs, uniquingKeysWith: { first, _ in first })
        return String(decoding: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8),
                      as: UTF8.self)
    }

    static func decodeStored(_ json: String) -> [String: String] {
        (try? JSONSerialization.jsonObject(with: Data(json.utf8))) as? [String: String] ?? [:]
    }
}
