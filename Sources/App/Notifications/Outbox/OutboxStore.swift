import Fluent
import Foundation
import SQLKit

/// The tables the outbox workers deliver from; both have the columns `ClaimedNotification` reads.
enum OutboxTable: String, Sendable, CaseIterable {
    case notifications
    case accountMails = "account_mails"
}

/// The outbox's statements. A claim marks due notifications `sending` under a lease owned by the claim: on
/// PostgreSQL `FOR UPDATE SKIP LOCKED` lets instances claim side by side without waiting on or taking each other's
/// rows, one organization at a time (one shard on Citus); on SQLite the write gate serializes claims. A result is
/// written only by the claim that still owns the row, so a worker whose lease ran out (and whose notification another
/// took) changes nothing.
struct OutboxStore {
    let database: any Database
    /// The queue: organizations' notifications, or the customer accounts' own emails (`account_mails`).
    var table: OutboxTable = .notifications
    /// What an account email's body becomes once sent.
    static let droppedBody = "(Sent. The words of an email carrying a single-use link are not kept.)"

    func claim(limit: Int, channels: [NotificationChannel], owner: String, leaseSeconds: Double) async throws -> [ClaimedNotification] {
        guard !channels.isEmpty else { return [] }
        let channelList = SQLQueryString(channels.map { "'\($0.rawValue)'" }.joined(separator: ", "))
        let postgres = SQLDialectKind(database) == .postgres
        guard table == .notifications, postgres else {
            // An idle outbox is asked with a read, which takes no lock: only work that is due opens a write transaction.
            guard try await !dueKeys("id", limit: 1, channelList: channelList).isEmpty else { return [] }
            return try await claimOnce(limit: limit, channelList: channelList, organization: nil, owner: owner, leaseSeconds: leaseSeconds,
                                       skipLocked: postgres)
        }
        // On PostgreSQL the notifications are claimed one organization at a time, the one whose message is due first
        // first: a claim then locks rows of one organization only, which on Citus is one shard — the only place its
        // `FOR UPDATE` runs. The next organizations fill what is left of the batch, also when another instance holds
        // the first one's rows; when more organizations have messages due than one look shows, another look follows.
        var claimed: [ClaimedNotification] = []
        for _ in 0..<Self.looksPerClaim {
            let due = try await dueKeys("organization_id", limit: Self.rowsPerLook, channelList: channelList)
            var organizations: [UUID] = []
            for row in due {
                let organization = try row.decode(column: "key", as: UUID.self)
                if !organizations.contains(organization) { organizations.append(organization) }
            }
            for organization in organizations where claimed.count < limit {
                claimed += try await claimOnce(limit: limit - claimed.count, channelList: channelList, organization: organization,
                                               owner: owner, leaseSeconds: leaseSeconds, skipLocked: true)
            }
            if claimed.count >= limit || due.count < Self.rowsPerLook { break }
        }
        return claimed
    }

    /// Due messages one look reads (PostgreSQL), for their organizations, and the looks one claim takes at most.
    static let rowsPerLook = 32, looksPerClaim = 4

    /// `column` of the messages due now, the first due first: a read, which takes no lock.
    private func dueKeys(_ column: String, limit: Int, channelList: SQLQueryString) async throws -> [any SQLRow] {
        let now = Date()
        return try await SQLRows.all("""
            SELECT \(unsafeRaw: column) AS key FROM \(unsafeRaw: table.rawValue)
            WHERE status IN ('queued', 'sending') AND next_attempt_at <= \(bind: now)
            AND channel IN (\(channelList)) AND (status = 'queued' OR lease_until < \(bind: now))
            ORDER BY next_attempt_at LIMIT \(literal: limit)
            """, on: try database.sql)
    }

    /// Marks up to `limit` due messages `sending` under `owner`'s lease, in one transaction: of `organization` only
    /// when one is given. `skipLocked` (PostgreSQL) passes over rows another instance's claim holds.
    private func claimOnce(limit: Int, channelList: SQLQueryString, organization: UUID?, owner: String,
                           leaseSeconds: Double, skipLocked: Bool) async throws -> [ClaimedNotification] {
        try await WriteTransaction.run(on: database, rerunnable: true) { db in
            let now = Date()
            let lease = now.addingTimeInterval(leaseSeconds)
            let scope: SQLQueryString = organization.map { "organization_id = \(bind: $0) AND " } ?? ""
            let rows = try await SQLRows.all("""
                UPDATE \(unsafeRaw: table.rawValue) SET status = 'sending', attempts = attempts + 1, lease_owner = \(bind: owner),
                lease_until = \(bind: lease), updated_at = \(bind: now)
                WHERE \(scope)id IN (SELECT id FROM \(unsafeRaw: table.rawValue) WHERE \(scope)status IN ('queued', 'sending') AND next_attempt_at <= \(bind: now)
                AND channel IN (\(channelList)) AND (status = 'queued' OR lease_until < \(bind: now))
                ORDER BY next_attempt_at LIMIT \(literal: limit)\(unsafeRaw: skipLocked ? " FOR UPDATE SKIP LOCKED" : ""))
                RETURNING \(unsafeRaw: ClaimedNotification.columns)
                """, on: try db.sql)
            return try rows.compactMap(ClaimedNotification.init(row:))
        }
    }

    /// Writes the outcomes of one claim's deliveries in one transaction.
    func record(_ outcomes: [(ClaimedNotification, DeliveryOutcome)], owner: String, backoff: OutboxBackoff) async throws {
        guard !outcomes.isEmpty else { return }
        let sentIDs = outcomes.filter { $0.1 == .sent }.map(\.0.id)
        try await WriteTransaction.run(on: database, rerunnable: true) { db in
            let sql = try db.sql
            let now = Date()
            if !sentIDs.isEmpty {
                try await SQLRows.run("""
                    UPDATE \(unsafeRaw: table.rawValue) SET status = 'sent', sent_at = \(bind: now), last_error = NULL, next_attempt_at = NULL,
                    lease_until = NULL, updated_at = \(bind: now)
                    WHERE id IN (\(binds: sentIDs)) AND lease_owner = \(bind: owner) AND status = 'sending'
                    """, on: sql)
                // An account email's link opens an account: once delivered, its words are not kept.
                try await SQLRows.run("""
                    UPDATE \(unsafeRaw: table.rawValue) SET body = \(bind: Self.droppedBody), html = NULL
                    WHERE id IN (\(binds: sentIDs)) AND kind = 'account' AND lease_owner = \(bind: owner)
                    """, on: sql)
            }
            let released = outcomes.filter { $0.1 == .released }.map(\.0.id)
            if !released.isEmpty {
                try await SQLRows.run("""
                    UPDATE \(unsafeRaw: table.rawValue) SET status = 'queued', attempts = attempts - 1, lease_until = NULL, updated_at = \(bind: now)
                    WHERE id IN (\(binds: released)) AND lease_owner = \(bind: owner) AND status = 'sending'
                    """, on: sql)
            }
            for (claimed, outcome) in outcomes {
                let error: String
                var gaveUp: Bool
                switch outcome {
                case .sent, .released: continue
                case let .retry(message): error = message; gaveUp = claimed.attempt >= claimed.maxAttempts
                case let .failed(message): error = message; gaveUp = true
                }
                let text = String(error.prefix(1000))
                if gaveUp {
                    try await SQLRows.run("""
                        UPDATE \(unsafeRaw: table.rawValue) SET status = 'failed', last_error = \(bind: text), next_attempt_at = NULL,
                        lease_until = NULL, updated_at = \(bind: now)
                        WHERE id = \(bind: claimed.id) AND lease_owner = \(bind: owner) AND status = 'sending'
                        """, on: sql)
                } else {
                    let next = now.addingTimeInterval(backoff.delay(afterAttempt: claimed.attempt))
                    try await SQLRows.run("""
                        UPDATE \(unsafeRaw: table.rawValue) SET status = 'queued', last_error = \(bind: text), next_attempt_at = \(bind: next),
                        lease_until = NULL, updated_at = \(bind: now)
                        WHERE id = \(bind: claimed.id) AND lease_owner = \(bind: owner) AND status = 'sending'
                        """, on: sql)
                }
            }
        }
    }
}
