import Foundation

/// A confirmation typed out before an action that cannot be undone (erasing a person's record): the form asks for a
/// word — the record's name — and the server checks it, so the step holds without script and against a stray click.
enum TypedConfirmation {
    static let field = "confirm"

    /// The labelled input; `expected` is shown in the label so the user knows what to type.
    static func input(expected: String, errors: FormErrors = FormErrors(), idPrefix: String = "f") -> HTML {
        .field("Type “\(expected)” to confirm", name: field, value: nil, errors: errors, required: true,
               autocomplete: "off", idPrefix: idPrefix)
    }

    /// Whether the form's typed text is `expected` (surrounding spaces and letter case aside); else a 422 naming the field.
    static func check(_ fields: [String: String], expected: String) throws {
        let typed = (fields[field] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard typed.compare(expected.trimmingCharacters(in: .whitespacesAndNewlines), options: .caseInsensitive) == .orderedSame,
              !typed.isEmpty
        else { throw Problem.invalid(field, "must be “\(expected)”, typed out, to confirm") }
    }
}
