import Fluent
import Foundation
import SQLKit

/// The merge records of one organization: written, read, listed, marked undone.
struct CustomerMergeRecords {
    let database: any Database
    let tenant: Tenant

    private var sql: any SQLDatabase { get throws { try database.sql } }

    var organizationID: UUID { tenant.organizationID }

    func insert(_ merge: CustomerMerge, sources: [CustomerMergeSource]) async throws {
        try await merge.insertRow().run(on: database)
        for source in sources { try await source.insertRow().run(on: database) }
    }

    /// The merge, or 404 — also for another organization's.
    func require(_ id: UUID) async throws -> CustomerMerge {
        guard let row = try await SQLRows.first("""
            SELECT * FROM customer_merges WHERE organization_id = \(bind: organizationID) AND id = \(bind: id) LIMIT 1
            """, on: try sql, byKey: true) else { throw Problem.notFound("merge") }
        return try CustomerMerge(row: row)
    }

    /// The removed records of several merges in one read (a page of the merges list), by merge, each in its order.
    func sources(of mergeIDs: [UUID]) async throws -> [UUID: [CustomerMergeSource]] {
        guard !mergeIDs.isEmpty else { return [:] }
        let rows = try await SQLRows.all("""
            SELECT * FROM customer_merge_sources WHERE organization_id = \(bind: organizationID) AND merge_id IN (\(binds: mergeIDs))
            ORDER BY merge_id, position
            """, on: try sql).map(CustomerMergeSource.init(row:))
        return Dictionary(grouping: rows, by: \.mergeID)
    }

    func sources(of mergeID: UUID) async throws -> [CustomerMergeSource] {
        try await SQLRows.all("""
            SELECT * FROM customer_merge_sources WHERE organization_id = \(bind: organizationID) AND merge_id = \(bind: mergeID)
            ORDER BY position
            """, on: try sql).map(CustomerMergeSource.init(row:))
    }

    /// A page of merges, newest first; `customerID` keeps those the customer was kept or removed in. By number, or
    /// after a cursor (the last merge's time and id) as fast deep as on the first page.
    func list(page: PageRequest, customerID: UUID?) async throws -> (merges: [CustomerMerge], total: Int, nextCursor: String?) {
        var condition: SQLQueryString = "organization_id = \(bind: organizationID)"
        if let customerID {
            condition = condition + " AND (into_id = \(bind: customerID) OR id IN (SELECT merge_id FROM customer_merge_sources "
                + "WHERE organization_id = \(bind: organizationID) AND customer_id = \(bind: customerID)))"
        }
        let count = try await SQLRows.first("SELECT COUNT(*) AS total FROM customer_merges WHERE " + condition, on: try sql)
        var query: SQLQueryString = "SELECT * FROM customer_merges WHERE " + condition
        if let after = page.after {
            let parts = after.split(separator: "|")
            guard parts.count == 2, let seconds = Double(parts[0]), let id = UUID(uuidString: String(parts[1])) else {
                throw Problem.invalid("cursor", "is not a cursor this server issued")
            }
            let time = Date(timeIntervalSince1970: seconds)
            // The last merge's time as stored, read by its id: a time carried through the cursor as a number can come
            // back a microsecond off and repeat or skip merges. The cursor's own time stands in if it is gone.
            let boundary: SQLQueryString = "COALESCE((SELECT created_at FROM customer_merges WHERE organization_id = "
                + "\(bind: organizationID) AND id = \(bind: id)), \(bind: time))"
            query = query + " AND (created_at < " + boundary + " OR (created_at = " + boundary + " AND id < \(bind: id)))"
                + " ORDER BY created_at DESC, id DESC LIMIT \(bind: page.perPage + 1)"
        } else {
            query = query + " ORDER BY created_at DESC, id DESC LIMIT \(bind: page.perPage + 1) OFFSET \(bind: page.offset)"
        }
        var merges = try await SQLRows.all(query, on: try sql).map(CustomerMerge.init(row:))
        var cursor: String?
        if merges.count > page.perPage {
            merges.removeLast()
            cursor = merges.last.map { Data("\($0.createdAt.timeIntervalSince1970)|\($0.id.canonicalString)".utf8).base64URLEncodedString() }
        }
        return (merges, try count?.decode(column: "total", as: Int.self) ?? 0, cursor)
    }

    /// Marks the merge undone, once: false when it was undone (or erased) already — by a concurrent undo too.
    func markUndone(_ id: UUID, by actor: Actor, at date: Date) async throws -> Bool {
        try await SQLRows.first("""
            UPDATE customer_merges SET undone_at = \(bind: date), undone_by_id = \(bind: actor.userID),
            undone_by_name = \(bind: actor.name)
            WHERE organization_id = \(bind: organizationID) AND id = \(bind: id) AND undone_at IS NULL AND erased_at IS NULL
            RETURNING id
            """, on: try sql) != nil
    }
}
