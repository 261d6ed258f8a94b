import Foundation

/// The per-record marks of customer accounts: which inherited fields an organization overrode, and which of the
/// account's changes its rules refused (`customers.overridden_fields`, `customers.account_conflicts`).
enum AccountOverrides {
    struct Conflict: Codable, Sendable, Equatable {
        var field: String
        var value: String?
        var reason: String
        var at: Date
    }

    static func fields(_ customer: Customer) -> [String] {
        (try? JSONDecoder().decode([String].self, from: Data(customer.overriddenFieldsJSON.utf8))) ?? []
    }

    static func conflicts(_ customer: Customer) -> [Conflict] {
        (try? JSONDecoder.api.decode([Conflict].self, from: Data(customer.accountConflictsJSON.utf8))) ?? []
    }

    static func setFields(_ fields: [String], on customer: Customer) {
        customer.overriddenFieldsJSON = encode(Array(Set(fields)).sorted())
    }

    static func setConflicts(_ conflicts: [Conflict], on customer: Customer) {
        customer.accountConflictsJSON = conflicts.isEmpty ? "[]" : encode(conflicts.sorted { $0.field < $1.field })
    }

    /// A staff change of `changed` fields on a linked record: the inherited ones among them become overridden, and any
    /// conflict they had is settled. Answers whether the marks changed.
    static func markStaffChange(_ changed: [String], on customer: Customer) -> Bool {
        let inherited = changed.filter(AccountProfile.fields.contains)
        guard !inherited.isEmpty else { return false }
        let before = (customer.overriddenFieldsJSON, customer.accountConflictsJSON)
        setFields(fields(customer) + inherited, on: customer)
        setConflicts(conflicts(customer).filter { !inherited.contains($0.field) }, on: customer)
        return before != (customer.overriddenFieldsJSON, customer.accountConflictsJSON)
    }

    private static func encode<T: Encodable>(_ value: T) -> String {
        (try? String(decoding: JSONEncoder.api.encode(value), as: UTF8.self)) ?? "[]"
    }
}
