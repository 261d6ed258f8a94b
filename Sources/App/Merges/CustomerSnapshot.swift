import Foundation

/// A customer record as it was, every column, kept in a merge record so that an undo writes it back exactly (its
/// `seq` too: its place in lists and its search index row).
enum CustomerSnapshot {
    /// The record as JSON (the model's own coding; dates as exact seconds, not rounded to RFC 3339).
    static func encode(_ customer: Customer) throws -> String {
        String(decoding: try JSONEncoder().encode(customer), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> Customer {
        let customer = try JSONDecoder().decode(Customer.self, from: Data(text.utf8))
        customer._$id.exists = true
        return customer
    }

    /// A copy of a record, to change without changing it.
    static func copy(_ customer: Customer) throws -> Customer {
        try decode(try encode(customer))
    }

    /// The `INSERT` that writes the record back as it was, `seq` and timestamps included.
    static func insertRow(_ customer: Customer) -> RowInsert {
        var row = RowInsert(into: Customer.schema)
        if let seq = customer.seq { row.set("seq", seq) }
        for (column, value) in customer.columnValues() { row.set(column, value) }
        return row
    }
}
