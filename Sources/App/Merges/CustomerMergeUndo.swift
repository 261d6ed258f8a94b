import Fluent
import Foundation
import SQLKit

/// Undoes a merge within 30 days, in one transaction: the kept record's values, tags and account link as they were
/// before, every removed record written back from its snapshot, every moved row returned to it, and totals and
/// balances recounted from orders and ledgers. Rows the kept record got after the merge stay with it.
struct CustomerMergeUndo {
    let database: any Database
    let organization: Organization
    let tenant: Tenant
    let actor: Actor

    struct Outcome: @unchecked Sendable {
        var merge: CustomerMerge
        var customer: Customer
        var restored: [Customer]
    }

    func undo(_ id: UUID, at now: Date = Date()) async throws -> Outcome {
        let records = CustomerMergeRecords(database: database, tenant: tenant)
        let stored = try await records.require(id)
        let sources = try await records.sources(of: id)
        try Self.check(stored, sources: sources, at: now)
        do {
            let (kept, restored) = try await WriteTransaction.run(on: database) { db in
                try await write(stored, sources: sources, at: now, on: db)
            }
            var merge = stored
            merge.undoneAt = now
            merge.undoneByID = actor.userID
            merge.undoneByName = actor.name
            return Outcome(merge: merge, customer: kept, restored: restored)
        } catch {
            if let problem = CustomerUniqueness.problem(for: error) {
                throw Problem.conflict("A removed record's value is used by another customer since the merge: "
                    + problem.detail, field: problem.errors?.first?.field)
            }
            throw error
        }
    }

    static func check(_ merge: CustomerMerge, sources: [CustomerMergeSource], at now: Date) throws {
        if merge.undoneAt != nil { throw Problem.conflict("This merge was undone already") }
        if merge.erasedAt != nil || merge.keptBefore == nil || sources.contains(where: { $0.snapshot == nil }) {
            throw Problem.conflict("A person in this merge was erased since; the merge can no longer be undone")
        }
        if now > merge.undoUntil {
            throw Problem.conflict("A merge can be undone for 30 days; this one's time ended "
                + RFC3339.string(merge.undoUntil))
        }
    }

    private func write(_ merge: CustomerMerge, sources: [CustomerMergeSource], at now: Date,
                       on db: any Database) async throws -> (Customer, [Customer]) {
        let sql = try db.sql
        let org = tenant.organizationID
        guard try await CustomerMergeRecords(database: db, tenant: tenant).markUndone(merge.id, by: actor, at: now) else {
            throw Problem.conflict("This merge was undone already")
        }
        guard let version = try await SQLRows.first("""
            UPDATE customers SET version = version + 1 WHERE organization_id = \(bind: org) AND id = \(bind: merge.intoID)
            RETURNING version
            """, on: sql).map({ try $0.decode(column: "version", as: Int.self) }) else {
            throw Problem.conflict("The kept record was deleted or merged into another since; undo that first")
        }
        // Merges into the same record undo last first: a later one's snapshot holds this one's result.
        if let later = try await SQLRows.first("""
            SELECT id FROM customer_merges WHERE organization_id = \(bind: org) AND into_id = \(bind: merge.intoID)
            AND id <> \(bind: merge.id) AND created_at >= \(bind: merge.createdAt) AND undone_at IS NULL LIMIT 1
            """, on: sql) {
            let id = try later.decode(column: "id", as: UUID.self)
            throw Problem.conflict("A later merge into the same record (\(id.canonicalString)) stands; undo it first")
        }
        // The kept record's own values first: the removed records' email, phone and account link are free again.
        let kept = try CustomerSnapshot.decode(merge.keptBefore!)
        kept.version = version
        try await kept.storeChanges(merge.changedColumns.filter { !$0.hasPrefix("loyalty_") }, at: now, on: db)
        try await CustomerTags(database: db, tenant: tenant).replace(for: kept, with: CustomerRules.decodeTags(kept.tagsJSON))
        let restorer = MergeRowRestorer(sql: sql, organizationID: org)
        var restored: [Customer] = []
        for source in sources {
            let record = try CustomerSnapshot.decode(source.snapshot!)
            // Changed twice since a client read it: removed, and written back.
            record.version += 2
            record.updatedAt = now
            if let seq = record.seq,
               try await SQLRows.first("SELECT 1 AS taken FROM customers WHERE seq = \(bind: seq)", on: sql) != nil {
                // SQLite gives a deleted row's number to the next insert: a customer created since holds it.
                record.seq = nil
            }
            try await CustomerSnapshot.insertRow(record).run(on: db)
            try await RowInsert.run(CustomerTags.rows(organizationID: org, customerID: source.customerID,
                                                      tags: CustomerRules.decodeTags(record.tagsJSON)), on: db)
            try await CustomerCounter(database: db).add(1, to: org)
            if let created = record.createdAt { try await CustomerSignups(database: db).add(1, at: created, to: org) }
            try await restorer.moveBack(source.moves, from: merge.intoID, to: source.customerID)
            restored.append(record)
        }
        let balances = MergeBalances(sql: sql, organizationID: org)
        for record in restored {
            try await CustomerTotals.refresh(customerID: record.id!, organization: organization, before: 0, on: db).apply(to: record)
            (record.loyaltyPoints, record.loyaltyMember) = try await balances.recount(record.id!)
        }
        try await CustomerTotals.refresh(customerID: kept.id!, organization: organization, on: db).apply(to: kept)
        (kept.loyaltyPoints, kept.loyaltyMember) = try await balances.recount(kept.id!)
        guard kept.loyaltyPoints >= 0 else {
            throw Problem.conflict("The kept record spent points of the removed records since the merge; "
                + "its balance would fall below zero", field: "loyalty_points")
        }
        try await balances.trimGrants(of: kept.id!, to: kept.loyaltyPoints)
        let timeline = CustomerTimeline(database: db, actor: actor)
        let details: [String: JSONValue] = [
            "merge_id": .string(merge.id.canonicalString),
            "into": .string(merge.intoID.canonicalString),
            "from": .array(merge.fromIDs.map { .string($0.canonicalString) }),
        ]
        try await timeline.record(.mergeUndone, customer: kept, details: details, at: now)
        for record in restored { try await timeline.record(.mergeUndone, customer: record, details: details, at: now) }
        return (kept, restored)
    }
}
