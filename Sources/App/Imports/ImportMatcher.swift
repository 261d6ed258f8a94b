import Fluent
import Foundation

/// Finds the existing customer an imported row means, with the same rules as intake (phone first, then email).
struct ImportMatcher {
    let service: CustomerService

    func match(_ identity: ImportIdentity) async throws -> (customer: Customer, by: String)? {
        let intake = CustomerIntake(service: service)
        if let phone = identity.phone, let found = try await intake.match(phone: phone, email: nil) { return (found, "phone") }
        if let email = identity.email, let found = try await intake.match(phone: nil, email: email) { return (found, "email") }
        if let nameKey = identity.nameKey,
           let found = try await service.access.query(on: service.database).filter(\.$nameKey == nameKey)
            .filter(\.$phone == nil).filter(\.$email == nil).first() {
            return (found, "name")
        }
        return nil
    }
}
