import Foundation

/// One field a merge chooses a value of: the customer columns it carries and how its value is copied from the record
/// that wins into the kept one.
struct MergeField: Sendable {
    /// Its name in the request's `fields` (the public record's key).
    let name: String
    /// The stored columns it carries; the first tells whether a record holds nothing in it.
    let columns: [String]
    /// Without a choice the kept record's value stands — or, for a field that intake would fill too, the first
    /// non-empty value of the records in order when the kept record holds nothing.
    let fills: Bool
    /// Copies the value of the first record into the second.
    let copy: @Sendable (_ from: Customer, _ to: Customer) -> Void

    /// Whether `customer` holds nothing in this field.
    func isEmpty(_ customer: Customer) -> Bool {
        CustomerColumns.byName[columns[0]]?.isEmpty(customer) ?? false
    }
}
