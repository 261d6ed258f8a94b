import ClienteleCore
import FluentKit
import Foundation
import SQLKit

/// Issue 22's possible duplicates: each customer's blocking keys (`DuplicateKeys`) and each address's, indexed with the
/// organization first, so that the people who may be the same as one customer are found by index look-ups; the rows
/// already stored get their keys here. The keys are ClienteleCore's pure rules (no server code): a later change of
/// those rules comes with a migration that computes the keys again.
struct CreateDuplicateKeys: AsyncMigration {
    static let customerColumns = ["dup_name_key", "dup_name_initial_key", "dup_phone_key", "dup_email_key", "dup_email_local_key"]

    /// Rows read and written per batch: one `UPDATE … FROM (VALUES …)` each, in its own transaction — a million
    /// customers take a thousand statements, not a million, and a crash loses one batch's work at most.
    var batchSize = 1_000

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        for column in Self.customerColumns {
            try await database.schema("customers").field(.string(column), .string).update()
        }
        try await database.schema("addresses").field("dup_key", .string).update()
        try await backfillCustomers(database)
        try await backfillAddresses(database)
        for column in Self.customerColumns {
            try await sql.raw("""
                CREATE INDEX \(unsafeRaw: "customers_org_" + column + "_idx") ON customers (organization_id, \(unsafeRaw: column))
                WHERE \(unsafeRaw: column) IS NOT NULL
                """).run()
        }
        try await sql.raw("""
            CREATE INDEX addresses_org_dup_key_idx ON addresses (organization_id, dup_key, customer_id) WHERE dup_key IS NOT NULL
            """).run()
    }

    func revert(on database: any Database) async throws {
        let sql = try database.sql
        try await sql.raw("DROP INDEX addresses_org_dup_key_idx").run()
        for column in Self.customerColumns {
            try await sql.raw("DROP INDEX \(unsafeRaw: "customers_org_" + column + "_idx")").run()
            try await sql.raw("ALTER TABLE customers DROP COLUMN \(unsafeRaw: column)").run()
        }
        try await sql.raw("ALTER TABLE addresses DROP COLUMN dup_key").run()
    }

    /// Every customer in batches by id, before the indexes exist (one index build instead of a million updates of it).
    private func backfillCustomers(_ database: any Database) async throws {
        try await backfill(database, table: "customers", reading: "name, phone, email", columns: Self.customerColumns) { row in
            let keys = DuplicateKeys(name: try row.decode(column: "name", as: String?.self),
                                     phone: try row.decode(column: "phone", as: String?.self),
                                     email: try row.decode(column: "email", as: String?.self))
            return [keys.name, keys.nameInitial, keys.phone, keys.email, keys.nameAndEmailLocal]
        }
    }

    private func backfillAddresses(_ database: any Database) async throws {
        try await backfill(database, table: "addresses", reading: "line1, postal_code, city", columns: ["dup_key"]) { row in
            [DuplicateKeys.address(.init(line1: try row.decode(column: "line1", as: String?.self),
                                         postalCode: try row.decode(column: "postal_code", as: String?.self),
                                         city: try row.decode(column: "city", as: String?.self)))]
        }
    }

    /// Every row of `table` in batches by id, each batch its own transaction: `keys` computes a row's key columns from
    /// the columns `reading` names; a row without any key is left as it is.
    private func backfill(_ database: any Database, table: String, reading: String, columns: [String],
                          keys: @escaping @Sendable (any SQLRow) throws -> [String?]) async throws {
        let limit: SQLQueryString = "\(unsafeRaw: String(batchSize))"
        var after: UUID? = nil
        while true {
            let cursor = after
            after = try await database.transaction { db -> UUID? in
                let sql = try db.sql
                var query: SQLQueryString = "SELECT id, \(unsafeRaw: reading) FROM \(unsafeRaw: table)"
                if let cursor { query = query + " WHERE id > \(bind: cursor)" }
                let rows = try await sql.raw(query + " ORDER BY id LIMIT " + limit).all()
                guard let last = rows.last else { return nil }
                var values: [SQLQueryString] = []
                for row in rows {
                    let computed = try keys(row)
                    guard computed.contains(where: { $0 != nil }) else { continue }
                    values.append("(\(bind: try row.decode(column: "id", as: UUID.self)), \(binds: computed))")
                }
                try await Self.update(sql, table: table, columns: columns, values: values)
                return try last.decode(column: "id", as: UUID.self)
            }
            guard after != nil else { return }
        }
    }

    /// One statement for a batch: `WITH v (id, …) AS (VALUES …) UPDATE table SET … FROM v WHERE table.id = v.id`,
    /// which SQLite (3.33+) and PostgreSQL both read. Rows of at most 6 values keep a batch under SQLite's bound-value limit.
    private static func update(_ sql: any SQLDatabase, table: String, columns: [String], values: [SQLQueryString]) async throws {
        guard !values.isEmpty else { return }
        var query: SQLQueryString = "WITH v (id, \(unsafeRaw: columns.joined(separator: ", "))) AS (VALUES "
        for (index, value) in values.enumerated() {
            if index > 0 { query = query + ", " }
            query = query + value
        }
        let assignments = columns.map { "\($0) = v.\($0)" }.joined(separator: ", ")
        query = query + ") UPDATE \(unsafeRaw: table) SET \(unsafeRaw: assignments) FROM v WHERE \(unsafeRaw: table).id = v.id"
        try await sql.raw(query).run()
    }
}
