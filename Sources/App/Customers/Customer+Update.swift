import Fluent
import Foundation
import SQLKit

extension Customer {
    /// Writes the columns of the changed `fields` with `version`, and `updated_at` set to `date`, in one `UPDATE` —
    /// only those, so that neither the totals orders keep up to date nor the search index of an unchanged name, email
    /// or phone are touched — without Fluent's reflection over forty properties on each save.
    ///
    /// With `expectedVersion`, the row is written only while its version is still that one (the optimistic check and
    /// the write in one statement, which also takes the row's lock): false when another writer got there first, and
    /// nothing is written. Inside a `CustomerUpdateBatch` such a save is collected and written with the batch's others.
    @discardableResult
    func storeChanges(_ fields: [String], at date: Date, expectedVersion: Int? = nil, on database: any Database) async throws -> Bool {
        updatedAt = date
        var wanted = Set(["version"])
        for field in fields { wanted.formUnion(CustomerColumns.columnsOfField[field] ?? [field]) }
        if fields.contains(where: { CustomerColumns.duplicateKeySources.contains($0) }) { wanted.formUnion(CustomerColumns.duplicateKeyColumns) }
        var columns: [(name: String, value: any Encodable & Sendable)] = []
        for column in CustomerColumns.inserted where wanted.contains(column.name) { columns.append((column.name, column.value(self))) }
        columns.append(("updated_at", date))
        if let expectedVersion, let batch = CustomerUpdateBatch.current {
            // Written with the batch's other saves (an import batch's matched customers).
            batch.add(id: id!, expectedVersion: expectedVersion, columns: columns)
            return true
        }
        var sql = SQLQueryString("UPDATE customers SET ")
        for (index, column) in columns.enumerated() { sql = sql + (index == 0 ? "" : ", ") + "\(ident: column.name) = \(bind: column.value)" }
        sql = sql + " WHERE id = \(bind: id!) AND organization_id = \(bind: organizationID)"
        guard let expectedVersion else {
            try await SQLRows.run(sql, on: try database.sql)
            return true
        }
        return try await !SQLRows.all(sql + " AND version = \(bind: expectedVersion) RETURNING version", on: try database.sql).isEmpty
    }
}
