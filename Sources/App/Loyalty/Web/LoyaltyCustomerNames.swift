import Fluent
import Foundation

/// The names of the customers a page of gift cards belongs to, read through the caller's `CustomerAccess` like every
/// customer read; a customer since deleted (or erased) has none.
struct LoyaltyCustomerNames {
    let access: CustomerAccess
    let database: any Database

    func names(of ids: [UUID]) async throws -> [UUID: String] {
        let unique = Array(Set(ids))
        guard !unique.isEmpty else { return [:] }
        let customers = try await access.query(on: database).filter(\.$id ~~ unique).field(\.$id).field(\.$name).all()
        return Dictionary(customers.compactMap { customer in customer.id.map { ($0, customer.name) } }, uniquingKeysWith: { first, _ in first })
    }
}
