@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// `DATABASE_READ_URL` (SPEC "Operations and scale-out"): lists, search, exports and statistics read from the replica,
/// while a client still sees its own writes — on every instance — for the read-your-writes window. The "replica" here
/// is a snapshot of the primary's tables in a schema of their own: it lags by everything written after the snapshot,
/// so where a read was served from shows in what it answers.
@Suite struct ReadReplicaTests {
    @Test func lagTolerantReadsGoToTheReplicaExceptAWritersOwn() async throws {
        guard let postgresURL = TestDatabase.postgresURL else { return }
        let replica = TestDatabase.newSchema()
        try await withInstances(2, adjust: { config in
            config.readReplica = .postgres(url: postgresURL, searchPath: replica)
            // Long enough for a loaded machine; its end is simulated below.
            config.readYourWritesWindow = 600
            // The suite runs many tests at once: a slow look at the replica must not count as no answer here.
            config.replicaProbeTimeout = 60
        }) { apps in
            do {
                try await Self.check(apps[0], apps[1], replica: replica)
            } catch {
                try? await apps[0].db.sql.raw("DROP SCHEMA IF EXISTS \(ident: replica) CASCADE").run()
                throw error
            }
            try await apps[0].db.sql.raw("DROP SCHEMA IF EXISTS \(ident: replica) CASCADE").run()
        }
    }

    static func check(_ a: Application, _ b: Application, replica: String) async throws {
            let org = try await a.createOrganization("acme", rootToken: try await a.rootToken())
            let dispatcher = try await a.createUser(in: org, role: "dispatcher")
            #expect(try await a.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "Alice Before"]).status == .created)
            try await snapshot(of: a, into: replica)
            #expect(try await a.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "Bob After"]).status == .created)

            // The admin just wrote: on either instance the admin's list comes from the primary.
            for app in [a, b] {
                #expect(try await names(app, org.adminToken) == ["Alice Before", "Bob After"])
            }
            // The dispatcher wrote nothing: lists, search, statistics and exports come from the replica.
            #expect(try await names(b, dispatcher.token) == ["Alice Before"])
            #expect((try await b.send(.GET, "/api/v1/customers?q=bob", token: dispatcher.token)["data"] as? [Any])?.isEmpty == true)
            #expect((try await b.send(.GET, "/api/v1/customers/stats", token: dispatcher.token))["total_customers"] as? Int == 1)
            let export = try await b.send(.GET, "/api/v1/customers/export.csv", token: dispatcher.token)
            #expect(export.status == .ok && export.text.contains("Alice Before") && !export.text.contains("Bob After"))
            // Reading a record by id is never lag-tolerant.
            let bob = try await a.send(.GET, "/api/v1/customers?q=bob", token: org.adminToken)
            let bobID = try #require(((bob["data"] as? [[String: Any]])?.first?["id"]) as? String)
            #expect(try await b.send(.GET, "/api/v1/customers/\(bobID)", token: dispatcher.token).status == .ok)

            // Once the window is over the admin's reads go to the replica too: on instance B, which served none of
            // the admin's writes and so knows of them only through `recent_writes`.
            try await a.db.sql.raw("UPDATE recent_writes SET until = \(bind: Date().addingTimeInterval(-1))").run()
            #expect(try await names(b, org.adminToken) == ["Alice Before"])
            // The metrics say a replica is configured, and its lag (a snapshot is not a streaming replica: none).
            let metrics = try await a.send(.GET, "/metrics", token: try await a.rootToken()).text
            #expect(metrics.contains(#"read_replica="yes""#))
    }

    /// A replica that does not answer is not used: lag-tolerant reads go to the primary instead of failing.
    @Test func aReplicaThatDoesNotAnswerIsNotUsed() async throws {
        guard TestDatabase.postgresURL != nil else { return }
        try await withInstances(1, adjust: { config in
            config.readReplica = .postgres(url: "postgres://postgres@127.0.0.1:1/postgres")
        }) { apps in
            let app = apps[0]
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            #expect(try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "Alice Primary"]).status == .created)
            #expect(try await Self.names(app, dispatcher.token) == ["Alice Primary"])
            #expect((try await app.send(.GET, "/api/v1/customers/stats", token: dispatcher.token)).status == .ok)
            let metrics = try await app.send(.GET, "/metrics", token: try await app.rootToken()).text
            #expect(metrics.contains(#"clientele_metrics_errors{part="replica"} 1.0"#), "\(metrics.suffix(1500))")
        }
    }

    static func names(_ app: Application, _ token: String) async throws -> [String] {
        let page = try await app.send(.GET, "/api/v1/customers?sort=name", token: token)
        #expect(page.status == .ok, "\(page.text)")
        return ((page["data"] as? [[String: Any]]) ?? []).compactMap { $0["name"] as? String }
    }

    /// Copies every table of the app's schema, rows only, into `schema`.
    static func snapshot(of app: Application, into schema: String) async throws {
        let sql = try app.db.sql
        let primary = try #require(try await sql.raw("SELECT current_schema() AS s").first()?.decode(column: "s", as: String.self))
        try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
        let tables = try await sql.raw("""
            SELECT table_name FROM information_schema.tables WHERE table_schema = \(bind: primary) AND table_type = 'BASE TABLE'
            """).all().map { try $0.decode(column: "table_name", as: String.self) }
        for table in tables {
            try await sql.raw("CREATE TABLE \(ident: schema).\(ident: table) AS TABLE \(ident: primary).\(ident: table)").run()
        }
    }
}
