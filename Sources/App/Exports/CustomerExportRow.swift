import Foundation
import SQLKit

/// One exported customer: its cells, read straight from the row by the export's columns (`CustomerColumns.exported`)
/// — a whole `Customer` model (forty property wrappers) per exported row cost more than everything else of a CSV
/// export together — and the sort values that continue the walk after it.
struct CustomerExportRow: Sendable {
    /// Raw values, in the export's column order (not yet neutralized for spreadsheets); absent values are empty.
    let cells: [String]
    let cursorKey: CustomerSearch.CursorKey

    /// The export's columns and those of the cursor.
    static let select: String = {
        var names = ["seq", "search_name", "total_spent_minor", "last_order_at", "loyalty_points"]
        for column in CustomerColumns.exported where !names.contains(column.name) { names.append(column.name) }
        return names.map { "customers." + $0 }.joined(separator: ", ")
    }()

    /// Each exported column's cell reader, in order.
    private static let cellReaders = CustomerColumns.exported.map { $0.export!.text }

    static func decode(_ row: any SQLRow) throws -> CustomerExportRow {
        var cells: [String] = []
        cells.reserveCapacity(cellReaders.count)
        for read in cellReaders { cells.append(try read(row)) }
        return try CustomerExportRow(
            cells: cells,
            cursorKey: CustomerSearch.CursorKey(
                seq: row.decode(column: "seq", as: Int.self), searchName: row.decode(column: "search_name", as: String.self),
                totalSpentMinor: row.decode(column: "total_spent_minor", as: Int64.self),
                lastOrderAt: row.decode(column: "last_order_at", as: Date?.self),
                loyaltyPoints: row.decode(column: "loyalty_points", as: Int.self)))
    }
}
