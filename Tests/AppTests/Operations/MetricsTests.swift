@testable import App
import Fluent
import Logging
import SQLKit
import Testing
import Vapor

/// `GET /metrics` (SPEC "Operations and scale-out"): Prometheus text behind the metrics token or a super admin; request
/// counts and latencies by route pattern and status; the outbox, running jobs and database connections read from the
/// database at scrape time.
@Suite struct MetricsTests {
    static let metricsToken = "scrape-token-0123456789"

    @Test func onlyTheMetricsTokenAndSuperAdminsReadIt() async throws {
        try await withTestApp(adjust: { $0.metricsToken = Self.metricsToken }) { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let anonymous = try await app.send(.GET, "/metrics")
            #expect(anonymous.status == .unauthorized && anonymous.contentType.hasPrefix("application/problem+json"))
            #expect(try await app.send(.GET, "/metrics", token: "not-the-token-0123456789").status == .unauthorized)
            let admin = try await app.send(.GET, "/metrics", token: org.adminToken)
            #expect(admin.status == .forbidden && admin.contentType.hasPrefix("application/problem+json"))
            for token in [Self.metricsToken, try await app.rootToken()] {
                let scrape = try await app.send(.GET, "/metrics", token: token)
                #expect(scrape.status == .ok)
                #expect(scrape.contentType.hasPrefix("text/plain; version=0.0.4"))
                #expect(scrape.text.contains("# TYPE clientele_http_requests_total counter"))
            }
        }
    }

    @Test func requestsAreCountedByRoutePatternAndStatus() async throws {
        try await withTestApp(adjust: { $0.metricsToken = Self.metricsToken }) { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let missing = UUID().uuidString.lowercased()
            for _ in 0..<3 { #expect(try await app.send(.GET, "/api/v1/customers/\(missing)", token: org.adminToken).status == .notFound) }
            #expect(try await app.send(.GET, "/api/v1/customers", token: org.adminToken).status == .ok)
            #expect(try await app.send(.GET, "/no/such/\(missing)").status == .notFound)
            let text = try await app.send(.GET, "/metrics", token: Self.metricsToken).text
            #expect(text.contains(#"clientele_http_requests_total{method="GET",route="/api/v1/customers/:id",status="404"} 3"#), "\(text.prefix(3000))")
            #expect(text.contains(#"clientele_http_requests_total{method="GET",route="/api/v1/customers",status="200"} 1"#))
            #expect(text.contains(#"clientele_http_request_duration_seconds_count{method="GET",route="/api/v1/customers",status="200"} 1"#))
            #expect(text.contains(#"clientele_http_request_duration_seconds_bucket{method="GET",route="/api/v1/customers",status="200",le="+Inf"} 1"#))
            #expect(text.contains(#"clientele_http_requests_total{method="GET",route="unmatched",status="404"} 1"#))
            // Labels are patterns: no id ever becomes a series of its own.
            #expect(!text.contains(missing))
            #expect(text.contains("process_resident_memory_bytes "))
            #expect(text.contains("clientele_http_requests_in_flight 1"), "the scrape itself is in flight")
        }
    }

    @Test func theOutboxAndRunningJobsAreReadFromTheDatabase() async throws {
        try await withTestApp(adjust: { $0.metricsToken = Self.metricsToken }) { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let orgID = try #require(UUID(uuidString: org.id))
            let sql = try app.db.sql
            let hourAgo = Date().addingTimeInterval(-3600)
            for (status, created) in [("queued", hourAgo), ("queued", Date()), ("sending", Date()), ("sent", hourAgo.addingTimeInterval(-86_400))] {
                try await sql.raw("""
                    INSERT INTO notifications (id, organization_id, kind, event, channel, status, body, attempts, max_attempts, created_at, updated_at)
                    VALUES (\(bind: UUID()), \(bind: orgID), 'message', 'marketing', 'email', \(bind: status), 'Hello', 0, 5, \(bind: created), \(bind: created))
                    """).run()
            }
            let job = UUID()
            try await sql.raw("""
                INSERT INTO import_jobs (id, organization_id, status, on_match, mapping, file_path, rows_total, rows_done, created_count,
                                         updated_count, unchanged_count, rejected_count, rejected_rows, created_at, updated_at)
                VALUES (\(bind: job), \(bind: orgID), 'running', 'skip', '{}', '/nowhere.csv', 1000, 250, 0, 0, 0, 0, '[]', \(bind: Date()), \(bind: Date()))
                """).run()

            let text = try await app.send(.GET, "/metrics", token: Self.metricsToken).text
            #expect(text.contains(#"clientele_outbox_messages{status="queued"} 2.0"#), "\(text.prefix(4000))")
            #expect(text.contains(#"clientele_outbox_messages{status="sending"} 1.0"#))
            let age = try #require(Self.value(of: "clientele_outbox_oldest_age_seconds", in: text))
            #expect(age >= 3_590 && age < 3_700, "the oldest queued message is an hour old, not the sent one")
            #expect(text.contains(#"clientele_jobs_running{kind="import"} 1.0"#))
            #expect(text.contains(#"clientele_job_progress_ratio{kind="import",job="\#(job.uuidString.lowercased())"} 0.25"#))
            #expect(!text.contains("clientele_metrics_errors"))

            try await sql.raw("UPDATE import_jobs SET status = 'done', rows_done = 1000 WHERE id = \(bind: job)").run()
            let after = try await app.send(.GET, "/metrics", token: Self.metricsToken).text
            #expect(after.contains(#"clientele_jobs_running{kind="import"} 0.0"#))
            #expect(!after.contains(job.uuidString.lowercased()), "a finished job's series is gone")
            if TestDatabase.isPostgres {
                #expect(after.contains(#"clientele_db_connections{state="active"} "#))
            } else {
                #expect(after.contains("clientele_sqlite_write_gate_waiting 0.0"))
                let sqliteMemory = try #require(Self.value(of: "clientele_sqlite_memory_bytes", in: after))
                #expect(sqliteMemory > 0, "SQLite holds at least its schema and statements")
            }
        }
    }

    /// On PostgreSQL a writing transaction carries its request's id as `application_name`, and the hot reads of
    /// `SQLRows` start with it as a comment: a slow query seen in the database leads to its request's log line.
    @Test func theRequestIdReachesPostgreSQL() async throws {
        guard TestDatabase.isPostgres else { return }
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let sql = try app.db.sql
            try await sql.raw("CREATE TABLE seen_application_names (name text)").run()
            try await sql.raw("""
                CREATE FUNCTION remember_application_name() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN INSERT INTO seen_application_names VALUES (current_setting('application_name')); RETURN NEW; END $$
                """).run()
            try await sql.raw("""
                CREATE TRIGGER remember_application_name AFTER INSERT ON customers FOR EACH ROW EXECUTE FUNCTION remember_application_name()
                """).run()
            let created = try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                             json: ["name": "Traced Person", "phone": "+393331234567"],
                                             headers: [("X-Request-Id", "trace-4711")])
            #expect(created.status == .created, "\(created.text)")
            #expect(created.headers.first(name: "X-Request-Id") == "trace-4711")
            let names = try await sql.raw("SELECT name FROM seen_application_names").all().map { try $0.decode(column: "name", as: String.self) }
            #expect(names == ["clientele rid=trace-4711"])
            // Outside the transaction the connection has its instance's name again.
            let now = try await sql.raw("SELECT current_setting('application_name') AS name").first()?.decode(column: "name", as: String.self)
            #expect(now == PostgresApplicationName.instance)

            let query = try await RequestTrace.$id.withValue("trace-4712") {
                try await SQLRows.all("SELECT current_query() AS q", on: sql).first?.decode(column: "q", as: String.self)
            }
            #expect(query?.hasPrefix("/* rid=trace-4712 */ SELECT") == true, "\(query ?? "nil")")
        }
    }

    @Test func logLinesAreOneJSONObjectEach() throws {
        let line = JSONLogHandler.line(time: Date(timeIntervalSince1970: 0), level: .info, message: "request \"quoted\"\nnext",
                                       label: "codes.vapor.request",
                                       metadata: ["request-id": "abc", "status": .stringConvertible(201), "msg": "ignored",
                                                  "tags": .array(["a", "b"])])
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["ts"] as? String == "1970-01-01T00:00:00.000Z")
        #expect(object["level"] as? String == "info")
        #expect(object["msg"] as? String == "request \"quoted\"\nnext")
        #expect(object["request-id"] as? String == "abc")
        #expect(object["status"] as? Int == 201)
        #expect(object["tags"] as? [String] == ["a", "b"])
    }

    static func value(of metric: String, in text: String) -> Double? {
        text.split(separator: "\n").first { $0.hasPrefix(metric + " ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }
}
