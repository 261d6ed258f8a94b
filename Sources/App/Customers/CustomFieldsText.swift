import Foundation

/// Custom fields as a person edits them in a text area: one `key: value` per line. `true` and `false` are booleans,
/// a plain decimal number is a number, anything else is text; text that would read as one of those is written in
/// double quotes (`"123"`). The API's rules (keys, lengths, how many) are checked by the validator as for JSON.
enum CustomFieldsText {
    static func format(_ fields: [String: CustomFieldValue]) -> String {
        fields.keys.sorted().map { key in
            switch fields[key]! {
            case let .bool(value): "\(key): \(value)"
            case let .number(value):
                "\(key): " + (value.rounded() == value && abs(value) < 1e15 ? String(Int64(value)) : String(value))
            case let .string(value): "\(key): " + (reads(value) == .string(value) ? value : "\"\(value)\"")
            }
        }.joined(separator: "\n")
    }

    /// The fields of the text; a line without `key: value` is a 422 naming `custom_fields` and the line.
    static func parse(_ text: String) throws -> [String: CustomFieldValue] {
        var fields: [String: CustomFieldValue] = [:]
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            guard let colon = trimmed.firstIndex(of: ":") else {
                throw Problem.invalid("custom_fields", "line \(index + 1): write one field per line as key: value")
            }
            let key = trimmed[..<colon].trimmingCharacters(in: .whitespaces)
            let value = trimmed[trimmed.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else { throw Problem.invalid("custom_fields", "line \(index + 1): the key is missing") }
            guard fields[key] == nil else { throw Problem.invalid("custom_fields", "line \(index + 1): \(key) is given twice") }
            fields[key] = reads(value)
        }
        return fields
    }

    private static func reads(_ value: String) -> CustomFieldValue {
        if value == "true" { return .bool(true) }
        if value == "false" { return .bool(false) }
        if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { return .string(String(value.dropFirst().dropLast())) }
        if value.wholeMatch(of: /-?[0-9]{1,15}(\.[0-9]{1,15})?/) != nil, let number = Double(value) { return .number(number) }
        return .string(value)
    }
}
