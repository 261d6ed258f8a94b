import Fluent
import SQLKit

extension Customer: RowDecodable {
    /// The record from a `SELECT *` row, column by column as `CustomerColumns` lists them.
    static func decode(row: any SQLRow) throws -> Customer {
        let customer = Customer()
        let output = RowOutput(row: row)
        for column in CustomerColumns.all { try column.decode(customer, output) }
        return customer
    }
}
