@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// After a bulk load (an import of many customers, demo data) PostgreSQL's tables are vacuumed (their pages marked
/// all-visible, for scans of an index alone) and the planner gets fresh statistics at once, instead of when autovacuum
/// comes round; on SQLite the search index is merged.
@Suite struct BulkLoadStatisticsTests {
    @Test func theTablesABulkLoadFillsAreAnalyzed() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for i in 0..<3 { try await app.createCustomer(org.adminToken, ["name": "Bulk \(i)", "email": "bulk\(i)@example.com"]) }
            let upkeep = try await CustomerSearchIndex.afterBulkLoad(on: app.db)
            guard TestDatabase.isPostgres else {
                // SQLite: the index tables merged instead (for each of the two, one step merges three customers'
                // entries and the next finds no work).
                #expect(upkeep == .merged(steps: 2 * CustomerSearchIndex.indexTables.count))
                #expect(try await CustomerSearchIndex.afterBulkLoad(on: app.db, mergeIndex: false) == .nothing)
                return
            }
            #expect(upkeep == .analyzed(CustomerSearchIndex.bulkLoadedTables, vacuumed: false))
            func upkept(_ column: String) async throws -> [String: Bool] {
                let rows = try await (try app.db.sql).raw("""
                    SELECT relname, \(unsafeRaw: column) IS NOT NULL AS done FROM pg_stat_user_tables
                    WHERE schemaname = current_schema() AND relname = ANY(\(bind: CustomerSearchIndex.bulkLoadedTables))
                    """).all()
                return try Dictionary(rows.map {
                    (try $0.decode(column: "relname", as: String.self), try $0.decode(column: "done", as: Bool.self))
                }, uniquingKeysWith: { $0 && $1 })
            }
            let analyzed = try await upkept("last_analyze")
            #expect(analyzed.count == CustomerSearchIndex.bulkLoadedTables.count && analyzed.values.allSatisfy { $0 }, "\(analyzed)")
            // An import's upkeep leaves vacuuming to autovacuum (3 rows are far below its threshold); demo data's does it.
            #expect(try await upkept("last_vacuum").values.allSatisfy { !$0 })
            #expect(try await CustomerSearchIndex.afterBulkLoad(on: app.db, vacuum: true)
                    == .analyzed(CustomerSearchIndex.bulkLoadedTables, vacuumed: true))
            let vacuumed = try await upkept("last_vacuum")
            #expect(vacuumed.count == CustomerSearchIndex.bulkLoadedTables.count && vacuumed.values.allSatisfy { $0 }, "\(vacuumed)")
            // The planner now knows the customers are there (reltuples is -1 or 0 before a table's first analysis).
            let tuples = try await (try app.db.sql).raw("SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'customers'::regclass")
                .first()?.decode(column: "n", as: Double.self)
            #expect(tuples == 3)
            // The trigram indexes' pending lists are merged (nothing left for a second merge to move), and bounded.
            for index in TrigramIndexes.names {
                let left = try await (try app.db.sql).raw("SELECT gin_clean_pending_list(\(bind: index)::regclass) AS pages")
                    .first()?.decode(column: "pages", as: Int.self)
                #expect(left == 0, "\(index): \(left ?? -1) pending pages after the upkeep")
                let options = try await (try app.db.sql).raw(
                    "SELECT array_to_string(reloptions, ',') AS options FROM pg_class WHERE oid = \(bind: index)::regclass"
                ).first()?.decode(column: "options", as: String?.self)
                #expect(options == "gin_pending_list_limit=\(TrigramIndexes.pendingListKiB)", "\(index)")
            }
        }
    }

    /// Without the upkeep, the customers just created wait in the trigram indexes' pending lists: the check above
    /// can tell a merged list from one that was not.
    @Test func newCustomersWaitInThePendingListsUntilTheUpkeep() async throws {
        try await withTestApp { app in
            guard TestDatabase.isPostgres else { return }
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await app.createCustomer(org.adminToken, ["name": "Pending Person", "email": "pending@example.com", "phone": "+4915112345678"])
            let pages = try await (try app.db.sql).raw("SELECT gin_clean_pending_list('customers_name_trgm_idx'::regclass) AS pages")
                .first()?.decode(column: "pages", as: Int.self)
            #expect((pages ?? 0) >= 1)
        }
    }
}
