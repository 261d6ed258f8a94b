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

    func prepare(on database: any Database) async throws {
        let sql = try database.sql
        for column in Self.customerColumns {
            try await database.schema("customers").field(.string(column), .string).update()
        }
        try await database.schema("addresses").field("dup_key", .string).update()
        try await backfillCustomers(sql)
        try await backfillAddresses(sql)
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
            try await database.schema("customers").deleteField(.string(column)).update()
        }
        try await database.schema("addresses").deleteField("dup_key").update()
    }

    /// Every customer in batches by id, before the indexes exist (one index build instead of a million updates of it).
    private func backfillCustomers(_ sql: any SQLDatabase) async throws {
        var after: UUID? = nil
        while true {
            var query: SQLQueryString = "SELECT id, name, phone, email FROM customers"
            if let after { query = query + " WHERE id > \(bind: after)" }
            let rows = try await sql.raw(query + " ORDER BY id LIMIT 1000").all()
            guard !rows.isEmpty else { return }
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let keys = DuplicateKeys(name: try row.decode(column: "name", as: String?.self),
                                         phone: try row.decode(column: "phone", as: String?.self),
                                         email: try row.decode(column: "email", as: String?.self))
                try await sql.raw("""
                    UPDATE customers SET dup_name_key = \(bind: keys.name), dup_name_initial_key = \(bind: keys.nameInitial),
                    dup_phone_key = \(bind: keys.phone), dup_email_key = \(bind: keys.email),
                    dup_email_local_key = \(bind: keys.nameAndEmailLocal) WHERE id = \(bind: id)
                    """).run()
                after = id
            }
        }
    }

    private func backfillAddresses(_ sql: any SQLDatabase) async throws {
        var after: UUID? = nil
        while true {
            var query: SQLQueryString = "SELECT id, line1, postal_code, city FROM addresses"
            if let after { query = query + " WHERE id > \(bind: after)" }
            let rows = try await sql.raw(query + " ORDER BY id LIMIT 1000").all()
            guard !rows.isEmpty else { return }
            for row in rows {
                let id = try row.decode(column: "id", as: UUID.self)
                let key = DuplicateKeys.address(.init(line1: try row.decode(column: "line1", as: String?.self),
                                                      postalCode: try row.decode(column: "postal_code", as: String?.self),
                                                      city: try row.decode(column: "city", as: String?.self)))
                if let key { try await sql.raw("UPDATE addresses SET dup_key = \(bind: key) WHERE id = \(bind: id)").run() }
                after = id
            }
        }
    }
}
