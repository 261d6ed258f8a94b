import Foundation
import SQLiteNIO

extension CustomerDraft {
    /// The row that inserts this customer created at `date`: the columns and values of `Customer.insertRow(at:)` for
    /// the same record (tested), its values typed for `dialect` (no conversion left for the writer, and no model made).
    func insertRow(at date: Date, for dialect: SQLDialectKind) throws -> RowInsert {
        switch dialect {
        case .sqlite:
            let stamp = try SQLRows.sqliteData(date)
            return RowInsert(into: Customer.schema, columns: CustomerColumns.insertedNames,
                             sqliteValues: CustomerColumns.inserted.map { $0.draftValue(self, stamp) })
        case .postgres:
            return RowInsert(into: Customer.schema, columns: CustomerColumns.insertedNames,
                             postgresValues: CustomerColumns.inserted.map { $0.draftPostgresValue(self, date) })
        }
    }
}
