import Fluent
import Vapor

/// The stored first answers to idempotent POSTs, each bound to the user who made the request. A unique index on
/// (organization, user, key) makes a second, concurrent request with the same key lose the claim instead of doing the
/// work again.
struct IdempotencyStore {
    let database: any Database
    let tenant: Tenant
    let userID: UUID

    enum Claim {
        case claimed(IdempotencyRecord)
        case replay(IdempotencyRecord)
    }

    func claim(key: String, requestHash: String) async throws -> Claim {
        let now = Date()
        if let existing = try await tenant.query(IdempotencyRecord.self, on: database).filter(\.$userID == userID).filter(\.$key == key).first() {
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

    func complete(_ record: IdempotencyRecord, with response: Response) async throws {
        record.status = Int(response.status.code)
        record.location = response.headers.first(name: .location)
        record.body = response.body.string
        try await WriteTransaction.run(on: database) { try await record.save(on: $0) }
    }

    func release(_ record: IdempotencyRecord) async throws {
        try await WriteTransaction.run(on: database) { try await record.delete(on: $0) }
    }
}
