import Foundation
import SQLiteNIO

extension CustomerDraft {
    /// The row that inserts this customer created at `date`: the columns and values of `Customer.insertRow(at:)` for
    /// the same record (tested), its values typed for SQLite when `forSQLite` (no conversion left for the writer).
    func insertRow(at date: Date, forSQLite: Bool) throws -> RowInsert {
        guard forSQLite else { return record().insertRow(at: date) }
        let stamp = try SQLRows.sqliteData(date)
        return RowInsert(into: Customer.schema, columns: CustomerColumns.insertedNames,
                         sqliteValues: CustomerColumns.inserted.map { $0.draftValue(self, stamp) })
    }

    /// The same customer as a stored record's model (for a database other than SQLite, and for the test that holds
    /// the two rows equal).
    func record() -> Customer {
        let customer = Customer(organizationID: organizationID, source: source)
        for column in CustomerColumns.all { column.copyFromDraft?(self, customer) }
        return customer
    }
}
