/// The order service's validation messages placed at the portal form's fields, whose names are the API's field paths
/// (`dropoff.line1`, `recipient.phone`, `settings.brand_color` → `brand_color`).
enum PortalFormErrors {
    static func make(_ problem: Problem, fields: Set<String>, dropping prefix: String? = nil) -> FormErrors {
        var errors = FormErrors()
        for error in problem.errors ?? [] {
            var field = error.field
            var message = error.message
            if let prefix, field.hasPrefix(prefix + ".") { field.removeFirst(prefix.count + 1) }
            if let bracket = field.firstIndex(of: "[") { field = String(field[..<bracket]) }
            // A place without an address line is refused as a whole: the message belongs at its first line.
            if ["pickup", "dropoff"].contains(field) {
                field += ".line1"
                message = "is required: the street and number"
            }
            if fields.contains(field), errors.byField[field] == nil { errors.byField[field] = message }
            else { errors.general.append("\(Formats.label(field.replacingOccurrences(of: ".", with: " "))): \(message)") }
        }
        if problem.errors?.isEmpty ?? true { errors.general.append(problem.detail) }
        return errors
    }
}
