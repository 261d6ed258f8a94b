import Fluent
import Vapor

/// Email, phone and external id are unique per organization (and names, when the organization says so).
/// Checked first for a precise answer; the unique indexes decide when two requests race.
struct CustomerUniqueness {
    let database: any Database
    let tenant: Tenant

    func check(_ customer: Customer) async throws {
        let others = tenant.query(Customer.self, on: database)
        if let id = customer.id { others.filter(\.$id != id) }
        var contact: [String] = []
        if let email = customer.email, try await others.copy().filter(\.$email == email).count() > 0 { contact.append("email") }
        if let phone = customer.phone, try await others.copy().filter(\.$phone == phone).count() > 0 { contact.append("phone") }
        if !contact.isEmpty { throw Self.contactConflict(fields: contact) }
        if let external = customer.externalID, try await others.copy().filter(\.$externalID == external).count() > 0 {
            throw Problem.conflict("External ID is already used", field: "external_id")
        }
        if let key = customer.uniqueNameKey, try await others.copy().filter(\.$uniqueNameKey == key).count() > 0 {
            throw Problem.conflict(CustomerRules.duplicateName, field: "name")
        }
    }

    static func contactConflict(fields: [String]) -> Problem {
        Problem(.conflict, type: ProblemType.conflict, detail: CustomerRules.duplicateContact,
                errors: fields.map { .init(field: $0, message: CustomerRules.duplicateContact) })
    }

    /// Translates a unique-index violation into the same answers as `check`.
    static func problem(for error: any Error) -> Problem? {
        guard let db = error as? any DatabaseError, db.isConstraintFailure else { return nil }
        let text = String(reflecting: error)
        if text.contains("unique_name_key") { return Problem.conflict(CustomerRules.duplicateName, field: "name") }
        if text.contains("external_id") { return Problem.conflict("External ID is already used", field: "external_id") }
        if text.contains("email") { return contactConflict(fields: ["email"]) }
        if text.contains("phone") { return contactConflict(fields: ["phone"]) }
        return nil
    }
}
