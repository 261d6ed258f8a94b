@testable import App
@testable import ClienteleStore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// PostgreSQL: a create that needs no answer from the database while it writes is one statement
/// (`WriteTransaction.runAsOneStatement`): the record, its tags (and the dashboard's first address), timeline entry and the
/// counters, all or none.
@Suite struct OneStatementWriteTests {
    /// Triggers note `statement_timestamp()` of each row the create writes: one statement gives one value. With a
    /// guest order to link, or a sign-up bonus to post, the create is a transaction of several statements.
    @Test func aPlainCreateIsOneStatementAndOneThatLinksOrPostsIsATransaction() async throws {
        guard TestDatabase.isPostgres else { return }
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let sql = try app.db.sql
            try await sql.raw("CREATE TABLE seen_statements (tbl text, customer_id uuid, at timestamptz, app text)").run()
            try await sql.raw("""
                CREATE FUNCTION remember_statement() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO seen_statements VALUES (TG_TABLE_NAME,
                        COALESCE((to_jsonb(NEW) ->> 'customer_id')::uuid, (to_jsonb(NEW) ->> 'id')::uuid),
                        statement_timestamp(), current_setting('application_name'));
                    RETURN NEW;
                END $$
                """).run()
            for table in ["customers", "addresses", "customer_tags", "customer_events"] {
                try await sql.raw("""
                    CREATE TRIGGER remember_statement AFTER INSERT ON \(ident: table) FOR EACH ROW EXECUTE FUNCTION remember_statement()
                    """).run()
            }
            func statements(of id: Any?) async throws -> (tables: Set<String>, statements: Int, names: Set<String>) {
                guard let id = id as? String, let customerID = UUID(uuidString: id) else { return ([], 0, []) }
                let rows = try await sql.raw("""
                    SELECT tbl, at, app FROM seen_statements WHERE customer_id = \(bind: customerID)
                    """).all()
                return (Set(try rows.map { try $0.decode(column: "tbl", as: String.self) }),
                        Set(try rows.map { try $0.decode(column: "at", as: Date.self) }).count,
                        Set(try rows.map { try $0.decode(column: "app", as: String.self) }))
            }

            let plain = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: [
                "name": "Plain Person", "email": "plain@example.com", "tags": ["vip", "b2b"],
            ], headers: [("X-Request-Id", "one-statement-1")])
            #expect(plain.status == .created, "\(plain.text)")
            let seen = try await statements(of: plain["id"])
            #expect(seen.tables == ["customers", "customer_tags", "customer_events"])
            #expect(seen.statements == 1)
            #expect(seen.names == ["clientele rid=one-statement-1"])
            let read = try await app.customer(org.adminToken, plain["id"])
            #expect(read["tags"] as? [String] == ["vip", "b2b"])
            let stats = try await app.send(.GET, "/api/v1/customers/stats", token: org.adminToken)
            #expect(stats["total_customers"] as? Int == 1 && stats["new_this_month"] as? Int == 1)

            // A guest order with the new customer's email: linked in the create's transaction.
            let guest = try await app.placeOrder(org.adminToken, ["guest": ["name": "Gus", "email": "gus@example.com"], "amount": "8.00"])
            let gus = try await app.createCustomer(org.adminToken, ["name": "Gus", "email": "gus@example.com"])
            #expect(try await statements(of: gus["id"]).statements > 1)
            #expect(try await app.customer(org.adminToken, gus["id"])["total_orders"] as? Int == 1)
            #expect(try await app.send(.GET, "/api/v1/orders/\(guest["id"]!)", token: org.adminToken)["customer_id"] as? String
                    == gus["id"] as? String)
            let timeline = try await app.send(.GET, "/api/v1/customers/\(gus["id"]!)/timeline", token: org.adminToken)
            #expect(Set(timeline.data.compactMap { $0["type"] as? String }) == ["created", "order_linked"], "\(timeline.text)")

            // A guest order known by its phone alone, and a customer with that phone and an email no order has.
            let byPhone = try await app.placeOrder(org.adminToken, ["guest": ["name": "Pia", "phone": "+14155550177"], "amount": "5.00"])
            let pia = try await app.createCustomer(org.adminToken, ["name": "Pia", "email": "pia@example.com", "phone": "+14155550177"])
            #expect(try await statements(of: pia["id"]).statements > 1)
            #expect(try await app.send(.GET, "/api/v1/orders/\(byPhone["id"]!)", token: org.adminToken)["customer_id"] as? String
                    == pia["id"] as? String)
            // A phone no guest order has: one statement again.
            let other = try await app.createCustomer(org.adminToken, ["name": "Olli", "phone": "+14155550178"])
            #expect(try await statements(of: other["id"]).statements == 1)

            // A sign-up bonus is posted through the loyalty ledger, which reads: the create is a transaction.
            let program = try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken, json: [
                "settings": ["loyalty": ["enabled": true, "points_per_unit": "1", "signup_bonus": 50]],
            ])
            #expect(program.status == .ok, "\(program.text)")
            let member = try await app.createCustomer(org.adminToken, ["name": "Bonus Person", "email": "bonus@example.com"])
            #expect(member["loyalty_points"] as? Int == 50, "\(member)")
            #expect(try await statements(of: member["id"]).statements > 1)
        }
    }

    /// A part that fails (here a trigger refusing the timeline entry) leaves nothing: no record, no tag, no count.
    @Test func aFailingPartWritesNothing() async throws {
        guard TestDatabase.isPostgres else { return }
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let sql = try app.db.sql
            try await sql.raw("""
                CREATE FUNCTION refuse_event() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN RAISE EXCEPTION 'refused for the test'; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER refuse_event BEFORE INSERT ON customer_events FOR EACH ROW EXECUTE FUNCTION refuse_event()
                """).run()
            let refused = try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                             json: ["name": "Never Stored", "email": "never@example.com", "tags": ["x"]])
            #expect(refused.status == .internalServerError, "\(refused.text)")
            #expect(!refused.text.contains("refused for the test"))
            try await sql.raw("DROP TRIGGER refuse_event ON customer_events").run()
            let list = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(list["total"] as? Int == 0 && list.data.isEmpty)
            let tags = try await sql.raw("SELECT count(*) AS n FROM customer_tags").first()?.decode(column: "n", as: Int.self)
            #expect(tags == 0)
            // The same person goes in afterwards: nothing of the refused attempt holds the email.
            _ = try await app.createCustomer(org.adminToken, ["name": "Never Stored", "email": "never@example.com"])
        }
    }

    /// A body that asks the database for anything gets a refusal, even when it swallows it, and nothing is written:
    /// the caller is told to write in a transaction.
    @Test func aBodyThatAsksTheDatabaseIsSentToATransaction() async throws {
        guard TestDatabase.isPostgres else { return }
        try await withTestApp { app in
            let sql = try app.db.sql
            try await sql.raw("CREATE TABLE one_statement_probe (n integer)").run()
            var probe = RowInsert(into: "one_statement_probe")
            probe.set("n", 1)
            let insert = probe
            let asked = try await WriteTransaction.runAsOneStatement(on: app.db) { db in
                _ = try? await SQLRows.first("SELECT 1 AS one", on: try db.sql)
                return [insert]
            }
            #expect(!asked)
            let refused = try await WriteTransaction.runAsOneStatement(on: app.db) { db in
                try await RowInsert.run([insert], on: db)
                return []
            }
            #expect(!refused)
            #expect(try await sql.raw("SELECT count(*) AS n FROM one_statement_probe").first()?.decode(column: "n", as: Int.self) == 0)
            let written = try await WriteTransaction.runAsOneStatement(on: app.db) { _ in [insert, insert] }
            #expect(written)
            #expect(try await sql.raw("SELECT count(*) AS n FROM one_statement_probe").first()?.decode(column: "n", as: Int.self) == 2)
            // Inside a transaction it declines.
            let inside = try await app.db.transaction { db in
                try await WriteTransaction.runAsOneStatement(on: db) { _ in [insert] }
            }
            #expect(!inside)
        }
    }
}
