import FluentKit
import SQLKit

/// Plain secondary indexes, which Fluent's schema builder cannot declare; SQLKit writes them for both databases.
enum SchemaIndex {
    static func create(_ name: String, on table: String, columns: [String], in database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        let builder = sql.create(index: name).on(table)
        for column in columns { builder.column(column) }
        try await builder.run()
    }
}
