import Fluent
import Foundation
import SQLKit

/// Merges records into one, in one transaction: checks and locks every record (a concurrent merge or change of one
/// of them answers 409), moves their rows (`MergeRowMover`), removes them, writes the chosen values, the tags' union,
/// the account link, recounted totals and points to the kept record, and keeps a merge record for the undo. A preview
/// runs the same transaction and rolls it back: what it answers is exactly what the merge would write.
struct CustomerMerger {
    let database: any Database
    let organization: Organization
    let tenant: Tenant
    let actor: Actor

    /// What a merge made (or would make).
    struct Outcome: @unchecked Sendable {
        var merge: CustomerMerge
        var customer: Customer
        var defaultAddress: Address?
    }

    /// A preview's way out of its transaction, rolling everything back.
    private struct PreviewRollback: Error, @unchecked Sendable {
        let outcome: Outcome
    }

    func merge(_ request: MergeRequest, preview: Bool) async throws -> Outcome {
        let records = try await MergeCandidates(database: database, tenant: tenant).load(request)
        try Self.checkAccounts(records, request)
        do {
            return try await WriteTransaction.run(on: database) { db in
                let outcome = try await write(request, records: records, on: db)
                if preview { throw PreviewRollback(outcome: outcome) }
                return outcome
            }
        } catch let rollback as PreviewRollback {
            return rollback.outcome
        } catch {
            throw CustomerUniqueness.problem(for: error) ?? error
        }
    }

    /// Two records linked to two different customer accounts are two people's, or need unlinking first.
    static func checkAccounts(_ records: [Customer], _ request: MergeRequest) throws {
        guard let first = records.first(where: { $0.accountID != nil }),
              let other = records.first(where: { $0.accountID != nil && $0.accountID != first.accountID }) else { return }
        throw Problem.conflict("\(request.field(of: first.id!)) and \(request.field(of: other.id!)) are linked to different "
            + "customer accounts; unlink one of them before merging", field: request.field(of: other.id!))
    }

    private func write(_ request: MergeRequest, records: [Customer], on db: any Database) async throws -> Outcome {
        let sql = try db.sql
        let now = Date()
        try await MergeCandidates.lock(records, request, organizationID: tenant.organizationID, on: sql)
        let keptBefore = records[0]
        let kept = try CustomerSnapshot.copy(keptBefore)
        kept.version = keptBefore.version + 1
        let winners = MergeFields.resolve(kept, records: records, choices: request.fields)
        let tags = Self.tagUnion(records)
        kept.tagsJSON = CustomerRules.encodeTags(tags)
        if kept.accountID == nil, let linked = records.first(where: { $0.accountID != nil }) {
            kept.accountID = linked.accountID
            kept.accountLinkedAt = linked.accountLinkedAt
            kept.overriddenFieldsJSON = linked.overriddenFieldsJSON
            kept.accountConflictsJSON = linked.accountConflictsJSON
        }
        kept.uniqueNameKey = organization.uniqueNameKey(for: kept.nameKey)

        let mergeID = UUID.timeOrdered()
        let mover = MergeRowMover(sql: sql, organizationID: tenant.organizationID)
        var sources: [CustomerMergeSource] = []
        var moved: [String: Int] = Dictionary(uniqueKeysWithValues: MergeRowMover.tables.map { ($0.kind, 0) })
        for (position, source) in records.dropFirst().enumerated() {
            let moves = try await mover.move(from: source.id!, to: kept.id!)
            for (kind, count) in moves.counts { moved[kind, default: 0] += count }
            // Its orders left: the organization's ordering and repeat customer counts no longer count it.
            try await CustomerTotals.refresh(customerID: source.id!, organization: organization, on: db)
            sources.append(CustomerMergeSource(mergeID: mergeID, organizationID: tenant.organizationID, customerID: source.id!,
                                               position: position, snapshot: try CustomerSnapshot.encode(source), moves: moves))
        }
        // The removed records go first, so that the kept record can take their email, phone and external id.
        for source in records.dropFirst() {
            try await CustomerReferences.release(source.id!, organizationID: tenant.organizationID, on: db)
            try await SQLRows.run("""
                DELETE FROM customers WHERE organization_id = \(bind: tenant.organizationID) AND id = \(bind: source.id!)
                """, on: sql)
            try await CustomerCounter(database: db).add(-1, to: tenant.organizationID)
            if let created = source.createdAt { try await CustomerSignups(database: db).add(-1, at: created, to: tenant.organizationID) }
        }
        try await kept.storeChanges(MergeFields.writtenColumns.filter { !$0.hasPrefix("loyalty_") }, at: now, on: db)
        try await CustomerTags(database: db, tenant: tenant).replace(for: kept, with: tags)
        let totals = try await CustomerTotals.refresh(customerID: kept.id!, organization: organization, on: db)
        totals.apply(to: kept)
        (kept.loyaltyPoints, kept.loyaltyMember) = try await MergeBalances(sql: sql, organizationID: tenant.organizationID)
            .recount(kept.id!)

        var fields = winners
        for (name, id) in request.fields { for field in MergeFields.named(name) ?? [] { fields[field.name] = id } }
        let merge = CustomerMerge(id: mergeID, organizationID: tenant.organizationID, intoID: kept.id!, fromIDs: request.from,
                                  fields: fields, changedColumns: MergeFields.writtenColumns,
                                  keptBefore: try CustomerSnapshot.encode(keptBefore), moved: moved, actor: actor, createdAt: now)
        try await CustomerMergeRecords(database: db, tenant: tenant).insert(merge, sources: sources)
        try await CustomerTimeline(database: db, actor: actor).record(.merged, customer: kept, details: [
            "merge_id": .string(mergeID.canonicalString),
            "from": .array(request.from.map { .string($0.canonicalString) }),
            "fields": .object(fields.mapValues { .string($0.canonicalString) }),
            "moved": .object(moved.mapValues { .int($0) }),
        ], at: now)
        let address = try await AddressBook.defaults(for: [kept], tenant: tenant, on: db)[kept.id!]
        return Outcome(merge: merge, customer: kept, defaultAddress: address)
    }

    /// Every record's tags, the kept record's first, each once (case-insensitively).
    static func tagUnion(_ records: [Customer]) -> [String] {
        var tags: [String] = []
        var seen = Set<String>()
        for record in records {
            for tag in CustomerRules.decodeTags(record.tagsJSON) where seen.insert(tag.lowercased()).inserted { tags.append(tag) }
        }
        return tags
    }
}
