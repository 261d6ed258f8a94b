import Foundation

/// A segment's filters: the customer list's parameters by name, as text. Checked by building the list parameters
/// from them, so a segment takes exactly what the list takes (SPEC: "everything the list takes plus …").
struct SegmentFilters: Sendable, Equatable {
    let values: [String: String]

    /// At most this many characters in one value.
    static let maxValueLength = 200

    init(values: [String: String]) { self.values = values }

    init(storedJSON: String) {
        values = (try? JSONSerialization.jsonObject(with: Data(storedJSON.utf8))) as? [String: String] ?? [:]
    }

    /// The `filters` object of a request: every key a list filter, every value a string, number or boolean. Problems
    /// name `filters.<key>`.
    init(input: JSONValue, timezone: TimeZone) throws {
        var v = Validator()
        guard case let .object(object) = input else {
            v.add("filters", "must be an object of filters")
            try v.check()
            self.values = [:]
            return
        }
        var values: [String: String] = [:]
        for (key, value) in object.sorted(by: { $0.key < $1.key }) {
            guard CustomerListParameters.filterNames.contains(key) else {
                v.add("filters.\(String(key.prefix(50)))", "is not a filter; filters are "
                      + CustomerListParameters.filterNames.joined(separator: ", "))
                continue
            }
            if case .null = value { continue }
            guard let text = value.filterText else { v.add("filters.\(key)", "must be a string, a number or true/false"); continue }
            guard text.count <= Self.maxValueLength else { v.add("filters.\(key)", "must be at most \(Self.maxValueLength) characters"); continue }
            if !text.trimmingCharacters(in: .whitespaces).isEmpty { values[key] = text.trimmingCharacters(in: .whitespaces) }
        }
        try v.check()
        _ = try CustomerListParameters(timezone: timezone, prefix: "filters.") { values[$0] }
        self.values = values
    }

    var storedJSON: String {
        let data = (try? JSONSerialization.data(withJSONObject: values, options: [.sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    /// The list parameters of the segment, with what `overrides` gives (a request's own query string) taking the
    /// place of the segment's value of the same filter; `sort` and `order` come from `overrides` only.
    func parameters(timezone: TimeZone, overrides: (String) -> String? = { _ in nil }) throws -> CustomerListParameters {
        try CustomerListParameters(timezone: timezone) { name in
            if let given = overrides(name), !given.trimmingCharacters(in: .whitespaces).isEmpty { return given }
            return values[name]
        }
    }
}
