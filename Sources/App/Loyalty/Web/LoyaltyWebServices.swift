import Vapor

/// The loyalty services as the dashboard's pages get them: the same `LoyaltyService` and `GiftCardService` as the API,
/// the same permission checks in the same order, the changes recorded as made on the dashboard.
enum LoyaltyWebServices {
    static func customer(_ req: Request, _ permission: Permission) async throws -> (LoyaltyService, Customer) {
        try await LoyaltyService.forCustomer(req, permission, source: "dashboard")
    }

    static func giftCards(_ req: Request, _ permission: Permission) async throws -> GiftCardService {
        try await GiftCardService.make(for: req, permission, source: "dashboard")
    }

    /// A whole number typed into a form: nil when left empty; a 422 naming the field when it is not one.
    static func wholeNumber(_ text: String?, field: String) throws -> Int? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let number = Int(trimmed) else { throw Problem.invalid(field, "must be a whole number, like 50 or -20") }
        return number
    }

    /// An id typed or chosen in a form: nil when left empty; a 422 naming the field when it is not an id.
    static func id(_ text: String?, field: String) throws -> UUID? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return nil }
        guard let id = UUID(uuidString: trimmed) else { throw Problem.invalid(field, "must be an id, like those in the page's links") }
        return id
    }

    /// Text typed into a form: nil when left empty.
    static func text(_ text: String?) -> String? {
        let trimmed = (text ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.isEmpty ? nil : trimmed
    }
}
