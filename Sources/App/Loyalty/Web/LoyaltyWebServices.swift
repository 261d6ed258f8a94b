import Vapor

/// The loyalty services as the dashboard's pages get them: the same `LoyaltyService` and `GiftCardService` as the API,
/// the same permission checks in the same order, the changes recorded as made on the dashboard.
enum LoyaltyWebServices {
    /// The service and the customer, when the caller may `permission` and see the customer (else 403, or 404).
    static func customer(_ req: Request, _ permission: Permission) async throws -> (LoyaltyService, Customer) {
        let principal = try req.principal
        try principal.require(permission)
        let access = try CustomerAccess(principal)
        guard let organization = try await req.organization(access.tenant.organizationID) else { throw Problem.notFound("organization") }
        let customer = try await access.require(try req.uuidParameter("id"), on: req.db)
        return (LoyaltyService(database: req.db, tenant: access.tenant, organization: organization,
                               actor: .user(principal.user, source: "dashboard")), customer)
    }

    /// The tenant first: a super admin outside any organization is sent to pick one, not refused.
    static func giftCards(_ req: Request, _ permission: Permission) async throws -> GiftCardService {
        let principal = try req.principal
        let tenant = try principal.tenant()
        try principal.require(permission)
        guard let organization = try await req.organization(tenant.organizationID) else { throw Problem.notFound("organization") }
        return GiftCardService(database: req.db, tenant: tenant, organization: organization,
                               actor: .user(principal.user, source: "dashboard"))
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
