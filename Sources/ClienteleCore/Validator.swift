import Foundation

/// One field's error: the field (`name`, `custom_fields.key`, `tags[3]`) and what is wrong with it.
public struct FieldError: Codable, Sendable, Equatable {
    public let field: String
    public let message: String
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}

/// What a validation found wrong: every field error at once. The HTTP edge answers it as a 422 problem.
public struct ValidationFailure: Error, Sendable {
    public let errors: [FieldError]
}

/// Collects every field error of a request so the client sees them all at once.
public struct Validator {
    public private(set) var errors: [FieldError] = []
    /// Put before every field name: `filters.` for the filters nested in a request body.
    public let prefix: String

    public init(prefix: String = "") { self.prefix = prefix }

    public mutating func add(_ field: String, _ message: String) {
        errors.append(.init(field: prefix + field, message: message))
    }

    /// Trims and checks length; returns the trimmed value when valid.
    @discardableResult
    public mutating func text(_ value: String?, _ field: String, required: Bool = false, max: Int = 200) -> String? {
        guard let value else {
            if required { add(field, "is required") }
            return nil
        }
        let trimmed = value.trimmed
        if trimmed.containsControlCharacter {
            add(field, "must not contain control characters")
            return nil
        }
        if trimmed.isEmpty {
            add(field, required ? "is required" : "must not be blank")
            return nil
        }
        if trimmed.count > max {
            add(field, "must be at most \(max) characters")
            return nil
        }
        return trimmed
    }

    public mutating func email(_ value: String?, _ field: String, required: Bool = false) -> String? {
        guard let trimmed = text(value, field, required: required, max: 254) else { return nil }
        guard let email = EmailAddress(trimmed) else {
            add(field, "must be a valid email address")
            return nil
        }
        return email.value
    }

    public mutating func password(_ value: String?, _ field: String, required: Bool = true) -> String? {
        guard let value else {
            if required { add(field, "is required") }
            return nil
        }
        if let problem = PasswordPolicy.problem(with: value) {
            add(field, problem)
            return nil
        }
        return value
    }

    public mutating func oneOf<E: RawRepresentable & CaseIterable>(
        _ value: String?, _ field: String, allowed: [E], required: Bool = false
    ) -> E? where E.RawValue == String {
        guard let value else {
            if required { add(field, "is required") }
            return nil
        }
        guard let parsed = E(rawValue: value), allowed.contains(where: { $0.rawValue == parsed.rawValue }) else {
            add(field, "must be one of: \(allowed.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return parsed
    }

    /// What was wrong, or nil when nothing was.
    public var failure: ValidationFailure? { errors.isEmpty ? nil : ValidationFailure(errors: errors) }
}
