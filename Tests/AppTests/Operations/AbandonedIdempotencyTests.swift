@testable import App
import Fluent
import SQLKit
import Testing
import Vapor

/// An instance killed while it answered a request with an `Idempotency-Key` leaves the key's claim without an answer.
/// The client's retry (through another instance) must neither be refused forever nor do the work twice: the claim's
/// mark that the work committed is written in the work's own transaction, so a retry after the lease knows which case
/// it is in.
@Suite struct AbandonedIdempotencyTests {
    static var body: [String: Any] { ["name": "Retry Person", "email": "retry.person@example.com"] }

    /// A claim as a dead instance leaves it: `status` NULL (its work never committed) or 0 (it did), claimed `age` ago.
    static func abandon(_ app: Application, org: OrgFixture, key: String, status: Int?, age: TimeInterval) async throws {
        let admin = try #require(try await User.query(on: app.db).filter(\.$email == org.adminEmail).first())
        let data = try JSONSerialization.data(withJSONObject: body)
        let hash = TokenService.hash("POST /api/v1/customers\n" + IdempotentRequest.canonical(ByteBuffer(data: data)))
        let record = IdempotencyRecord(organizationID: try #require(UUID(uuidString: org.id)), userID: try admin.requireID(),
                                       key: key, requestHash: hash, createdAt: Date().addingTimeInterval(-age))
        record.status = status
        try await record.create(on: app.db)
    }

    static func count(_ app: Application) async throws -> Int {
        try await Customer.query(on: app.db).filter(\.$email == "retry.person@example.com").count()
    }

    @Test func aClaimWhoseWorkNeverCommittedIsTakenOverAfterTheLease() async throws {
        try await withTestApp(adjust: { $0.idempotencyLease = 600 }) { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await Self.abandon(app, org: org, key: "young", status: nil, age: 0)
            let young = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: Self.body, headers: [("Idempotency-Key", "young")])
            #expect(young.status == .conflict, "a claim within its lease may still be running: \(young.text)")

            try await Self.abandon(app, org: org, key: "dead", status: nil, age: 1200)
            let retried = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: Self.body, headers: [("Idempotency-Key", "dead")])
            #expect(retried.status == .created, "\(retried.text)")
            #expect(try await Self.count(app) == 1)
            let replayed = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: Self.body, headers: [("Idempotency-Key", "dead")])
            #expect(replayed.status == .created && replayed.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try await Self.count(app) == 1)
        }
    }

    @Test func aClaimWhoseWorkCommittedIsNeverDoneAgain() async throws {
        try await withTestApp(adjust: { $0.idempotencyLease = 600 }) { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await Self.abandon(app, org: org, key: "done", status: IdempotencyStore.committed, age: 1200)
            let retried = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: Self.body, headers: [("Idempotency-Key", "done")])
            #expect(retried.status == .conflict && retried["type"] as? String == ProblemType.idempotencyAnswerLost, "\(retried.text)")
            #expect(try await Self.count(app) == 0, "the work is not done a second time")
        }
    }

    /// The mark commits with the work, and only with it.
    @Test func theMarkIsWrittenInTheWorksTransaction() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let created = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: Self.body, headers: [("Idempotency-Key", "k1")])
            #expect(created.status == .created)
            let sql = try app.db.sql
            try await sql.raw("CREATE TABLE marks (n INTEGER)").run()
            let mark: @Sendable (any Database) async throws -> Void = { db in try await db.sql.raw("INSERT INTO marks VALUES (1)").run() }
            struct Failed: Error {}
            await #expect(throws: Failed.self) {
                try await WriteTransaction.$alsoWrite.withValue(mark) {
                    try await WriteTransaction.run(on: app.db) { db in
                        try await db.sql.raw("UPDATE customers SET notes = 'changed'").run()
                        throw Failed()
                    }
                }
            }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM marks").first()?.decode(column: "n", as: Int.self) == 0)
            try await WriteTransaction.$alsoWrite.withValue(mark) {
                try await WriteTransaction.run(on: app.db) { db in try await db.sql.raw("UPDATE customers SET notes = 'changed'").run() }
            }
            #expect(try await sql.raw("SELECT COUNT(*) AS n FROM marks").first()?.decode(column: "n", as: Int.self) == 1)
        }
    }
}
