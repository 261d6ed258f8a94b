/// The server's validation messages by field name (`email`, `admin.password`), shown next to each field.
struct FormErrors: Sendable {
    var byField: [String: String] = [:]
    /// Messages that belong to no field on the form.
    var general: [String] = []

    init() {}

    init(_ problem: Problem, fields: Set<String>) {
        for error in problem.errors ?? [] {
            // `tags[3]` belongs to the tags input, `custom_fields.size` to the custom fields.
            let field = error.field.split(whereSeparator: { $0 == "[" || $0 == "." }).first.map(String.init) ?? error.field
            if fields.contains(field), byField[field] == nil { byField[field] = error.message } else { general.append(error.message) }
        }
        if problem.errors?.isEmpty ?? true { general.append(problem.detail) }
    }

    subscript(field: String) -> String? { byField[field] }
    var isEmpty: Bool { byField.isEmpty && general.isEmpty }
}

/// Labelled inputs: every input has a label, and an error is tied to its input with `aria-describedby`.
extension HTML {
    static func fieldID(_ name: String, prefix: String = "f") -> String {
        prefix + "-" + name.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
    }

    static func field(_ label: String, name: String, value: String?, type: String = "text", errors: FormErrors = FormErrors(),
                      required: Bool = false, autocomplete: String? = nil, idPrefix: String = "f", hint: String? = nil) -> HTML {
        let id = fieldID(name, prefix: idPrefix)
        let error = errors[name]
        return div(["class": error == nil ? "field" : "field has-error"], [
            element("label", ["for": id], [.text(label), required ? span(" (required)", class: "muted") : .empty]),
            void("input", ["type": type, "id": id, "name": name, "value": value ?? "", "required": flag(required),
                           "autocomplete": autocomplete, "aria-invalid": error == nil ? nil : "true",
                           "aria-describedby": error == nil ? nil : id + "-error"]),
            hint.map { p($0, class: "hint") } ?? .empty,
            errorText(error, id: id),
        ])
    }

    static func textArea(_ label: String, name: String, value: String?, errors: FormErrors = FormErrors(), idPrefix: String = "f",
                         hint: String? = nil) -> HTML {
        let id = fieldID(name, prefix: idPrefix)
        let error = errors[name]
        return div(["class": error == nil ? "field wide" : "field wide has-error"], [
            element("label", ["for": id], [.text(label)]),
            element("textarea", ["id": id, "name": name, "rows": "3", "aria-invalid": error == nil ? nil : "true",
                                 "aria-describedby": error == nil ? nil : id + "-error"], [.text(value ?? "")]),
            hint.map { p($0, class: "hint") } ?? .empty,
            errorText(error, id: id),
        ])
    }

    static func select(_ label: String, name: String, options: [(value: String, label: String)], selected: String?,
                       errors: FormErrors = FormErrors(), idPrefix: String = "f", submitOnChange: Bool = false) -> HTML {
        let id = fieldID(name, prefix: idPrefix)
        let error = errors[name]
        return div(["class": error == nil ? "field" : "field has-error"], [
            element("label", ["for": id], [.text(label)]),
            element("select", ["id": id, "name": name, "aria-invalid": error == nil ? nil : "true",
                               "aria-describedby": error == nil ? nil : id + "-error"],
                    options.map { option in
                        element("option", ["value": option.value, "selected": flag(option.value == (selected ?? ""))],
                                [.text(option.label)])
                    }),
            errorText(error, id: id),
        ])
    }

    static func checkbox(_ label: String, name: String, checked: Bool, idPrefix: String = "f") -> HTML {
        let id = fieldID(name, prefix: idPrefix)
        return div(["class": "field check"], [
            void("input", ["type": "checkbox", "id": id, "name": name, "value": "true", "checked": flag(checked)]),
            element("label", ["for": id], [.text(label)]),
        ])
    }

    static func errorSummary(_ errors: FormErrors) -> HTML {
        guard !errors.isEmpty else { return .empty }
        let count = errors.byField.count + errors.general.count
        return div(["class": "flash error", "role": "alert"], [
            p(count == 1 ? "Please correct the problem below." : "Please correct the \(count) problems below."),
            errors.general.isEmpty ? .empty : ul([:], errors.general.map { .text($0) }),
        ])
    }

    private static func errorText(_ error: String?, id: String) -> HTML {
        guard let error else { return .empty }
        return element("p", ["class": "field-error", "id": id + "-error"], [.text(error)])
    }
}
