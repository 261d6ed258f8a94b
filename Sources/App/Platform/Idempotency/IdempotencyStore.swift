import Fluent
import Vapor

/// The stored first answers to idempotent POSTs, each bound to the user who made the request. A unique index on
/// (organization, user, key) makes a second, concurrent request with the same key lose the claim instead of doing the
/// work again.
///
/// A claim's `status` is NULL while its request runs, `0` once the request's work has committed (written in the work's
/// own transaction, `markCommitted`), then the answer's status. A claim left without an answer for longer than the
/// lease belongs to a server that died (killed, on another instance): NULL — its work never committed — is taken over
/// by the next retry, which does the work; `0` — it did commit — is answered 409 `idempotency-answer-lost`, never done
/// twice.
struct IdempotencyStore {
    let database: any Database
    let tenant: Tenant
    let userID: UUID
    let lease: TimeInterval
    static let committed = 0

    enum Claim {
        case claimed(IdempotencyRecord)
        case replay(IdempotencyRecord)
    }

    func claim(key: String, requestHash: String) async throws -> Claim {
        let now = Date()
        if let existing = try await tenant.query(IdempotencyRecord.self, on: database).filter(\.$userID == userID).filter(\.$key == key).first() {
            if existing.status == nil, existing.requestHash == requestHash, existing.createdAt < now.addingTimeInterval(-lease),
               try await takeOver(existing, at: now) {
                return .claimed(existing)
            }
            guard existing.createdAt < now.addingTimeInterval(-IdempotentRequest.lifetime) else { return .replay(existing) }
            try await WriteTransaction.run(on: database) { try await existing.delete(on: $0) }
        }
        let record = IdempotencyRecord(organizationID: tenant.organizationID, userID: userID, key: key, requestHash: requestHash, createdAt: now)
        do {
            try await WriteTransaction.run(on: database) { try await record.create(on: $0) }
            return .claimed(record)
        } catch {
            guard (error as? any DatabaseError)?.isConstraintFailure == true,
                  let winner = try await tenant.query(IdempotencyRecord.self, on: database).filter(\.$userID == userID).filter(\.$key == key).first()
            else { throw error }
            return .replay(winner)
        }
    }

    /// An abandoned claim becomes this request's, unless another retry took it first.
    private func takeOver(_ record: IdempotencyRecord, at now: Date) async throws -> Bool {
        let seen = record.createdAt
        let taken = try await WriteTransaction.run(on: database) { db in
            try await db.sql.raw("""
                UPDATE idempotency_keys SET created_at = \(bind: now)
                WHERE id = \(bind: record.id!) AND status IS NULL
                  AND created_at BETWEEN \(bind: seen.addingTimeInterval(-0.001)) AND \(bind: seen.addingTimeInterval(0.001))
                RETURNING id
                """).all()
        }
        record.createdAt = now
        return !taken.isEmpty
    }

    /// Inside the work's transaction: the work has committed once this has.
    static func markCommitted(_ id: UUID, on database: any Database) async throws {
        try await database.sql.raw("""
            UPDATE idempotency_keys SET status = \(bind: committed) WHERE id = \(bind: id) AND status IS NULL
            """).run()
    }

    func complete(_ record: IdempotencyRecord, with response: Response) async throws {
        record.status = Int(response.status.code)
        record.location = response.headers.first(name: .location)
        record.body = response.body.string
        try await WriteTransaction.run(on: database) { try await record.save(on: $0) }
    }

    /// Gives the key back after a failure — unless the work had committed: then a retry must not do it again.
    func release(_ record: IdempotencyRecord) async throws {
        try await WriteTransaction.run(on: database) { db in
            try await db.sql.raw("DELETE FROM idempotency_keys WHERE id = \(bind: record.id!) AND status IS NULL").run()
        }
    }
}
