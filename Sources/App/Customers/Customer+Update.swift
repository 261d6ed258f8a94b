import Fluent
import Foundation
import SQLKit

extension Customer {
    /// Writes the columns of the changed `fields` with `version`, and `updated_at` set to `date`, in one `UPDATE` —
    /// only those, so that neither the totals orders keep up to date nor the search index of an unchanged name, email
    /// or phone are touched — without Fluent's reflection over forty properties on each save.
    func storeChanges(_ fields: [String], at date: Date, on database: any Database) async throws {
        updatedAt = date
        var wanted = Set(["version"])
        for field in fields { wanted.formUnion(CustomerColumns.columnsOfField[field] ?? [field]) }
        if fields.contains(where: { CustomerColumns.duplicateKeySources.contains($0) }) { wanted.formUnion(CustomerColumns.duplicateKeyColumns) }
        var assignments: [SQLQueryString] = []
        for column in CustomerColumns.inserted where wanted.contains(column.name) {
            assignments.append("\(ident: column.name) = \(bind: column.value(self))")
        }
        assignments.append("updated_at = \(bind: date)")
        var sql = SQLQueryString("UPDATE customers SET ")
        for (index, assignment) in assignments.enumerated() { sql = sql + (index == 0 ? "" : ", ") + assignment }
        try await SQLRows.run(sql + " WHERE id = \(bind: id!) AND organization_id = \(bind: organizationID)",
                              on: try database.sql)
    }
}
