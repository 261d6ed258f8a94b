import Fluent
import Foundation

extension Customer: RowInsertable {
    /// The row that inserts this new record; sets both timestamps to `date`.
    func insertRow(at date: Date) -> RowInsert {
        createdAt = date
        updatedAt = date
        var row = RowInsert(into: Customer.schema)
        for (column, value) in columnValues() { row.set(column, value) }
        return row
    }

    /// Inserts this new record and links the organization's earlier guest orders with its email or phone
    /// (`GuestOrderLinking`), asking whether there are any in the insert itself. Without `linking` (a guest user's
    /// create) nothing is linked.
    func insert(on database: any Database, at date: Date, linkingGuestOrders linking: GuestOrderLinking?) async throws {
        let answer = try await insertRow(at: date).run(
            returning: GuestOrderLinking.guestOrderCount(email: email, phone: phone, organizationID: organizationID), on: database)
        _$id.exists = true
        if let linking, try answer?.decode(column: "guest_orders", as: Int.self) ?? 0 > 0 { try await linking.link(to: self) }
    }

    /// Every inserted column (all but `seq`) with this record's values, as `CustomerColumns` lists them.
    func columnValues() -> [(String, any Encodable & Sendable)] {
        CustomerColumns.inserted.map { ($0.name, $0.value(self)) }
    }
}
