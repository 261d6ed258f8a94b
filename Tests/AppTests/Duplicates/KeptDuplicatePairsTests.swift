@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// The duplicates page reads kept pairs (`duplicate_pairs`), which the triggers of migration 0027 mark stale on every
/// kind of write and `DuplicatePairIndex.refresh` brings up to date. After each kind of write the page must list
/// exactly the pairs computed from scratch from the customers as they are (`everyPair`), on SQLite and PostgreSQL.
@Suite struct KeptDuplicatePairsTests {
    struct Listed: Hashable {
        let a: String
        let b: String
        let score: Int
        let reasons: [String]
    }

    /// Every pair the page lists, walked by cursor.
    static func listed(_ app: Application, _ token: String) async throws -> [Listed] {
        var pairs: [Listed] = []
        var cursor: String?
        repeat {
            let page = try await app.send(.GET, "/api/v1/customers/duplicates?per_page=2" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
            #expect(page.status == .ok, "\(page.text)")
            pairs += page.data.map { pair in
                Listed(a: ((pair["a"] as? [String: Any])?["id"] as? String ?? "").lowercased(),
                       b: ((pair["b"] as? [String: Any])?["id"] as? String ?? "").lowercased(),
                       score: pair["score"] as? Int ?? -1, reasons: pair["reasons"] as? [String] ?? [])
            }
            cursor = page["next_cursor"] as? String
        } while cursor != nil && pairs.count < 100
        return pairs
    }

    /// The page equals the pairs computed from scratch, in order (score descending, then ids).
    static func check(_ app: Application, _ token: String, _ organizationID: UUID, _ what: String,
                      sourceLocation: SourceLocation = #_sourceLocation) async throws -> [Listed] {
        let listed = try await listed(app, token)
        let truth = try await DuplicatePairIndex(database: app.db, organizationID: organizationID).everyPair()
            .map { Listed(a: $0.a.id.uuidString.lowercased(), b: $0.b.id.uuidString.lowercased(), score: $0.score, reasons: $0.reasons) }
            .sorted { ($1.score, $0.a, $0.b) < ($0.score, $1.a, $1.b) }
        #expect(listed == truth, "after \(what): listed \(listed), computed \(truth)", sourceLocation: sourceLocation)
        return listed
    }

    @Test func thePairsFollowEveryKindOfWrite() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            let token = org.adminToken
            let sql = app.db as! any SQLDatabase
            let ann = try await app.createCustomer(token, ["name": "Ann Lee", "email": "ann.lee@gmail.com", "phone": "+1 415 555 0101"])
            #expect(try await Self.check(app, token, organizationID, "one customer").isEmpty)

            // A create.
            let annToo = try await app.createCustomer(token, ["name": "Ann Lee", "email": "annlee@gmail.com"])
            #expect(try await Self.check(app, token, organizationID, "a create").count == 1)
            // An update that ends the pair, then one that makes it again.
            let id = annToo["id"] as! String
            #expect(try await app.send(.PATCH, "/api/v1/customers/\(id)", token: token, json: ["email": "someone@example.com"]).status == .ok)
            #expect(try await Self.check(app, token, organizationID, "an update").isEmpty)
            #expect(try await app.send(.PATCH, "/api/v1/customers/\(id)", token: token, json: ["email": "Ann.Lee+shop@googlemail.com"]).status == .ok)
            #expect(try await Self.check(app, token, organizationID, "another update").count == 1)

            // Addresses: siblings at one address are no pair; a similar name at the same address is.
            let address = ["line1": "Via Roma 10", "postal_code": "20121", "city": "Milano", "country": "IT"]
            let giuseppe = try await app.createCustomer(token, ["name": "Giuseppe Verdi"])
            let beppe = try await app.createCustomer(token, ["name": "Beppe Verdi"])
            var addressIDs: [String] = []
            for customer in [giuseppe, beppe] {
                let added = try await app.send(.POST, "/api/v1/customers/\(customer["id"]!)/addresses", token: token, json: address)
                #expect(added.status == .created, "\(added.text)")
                addressIDs.append(added["id"] as? String ?? "")
            }
            #expect(try await Self.check(app, token, organizationID, "an address").count == 2)
            let moved = try await app.send(.PATCH, "/api/v1/customers/\(beppe["id"]!)/addresses/\(addressIDs[1])", token: token,
                                           json: ["line1": "Via Dante 3"])
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(try await Self.check(app, token, organizationID, "an address update").count == 1)

            // A change written by hand in SQL: the triggers see it too.
            try await sql.raw("UPDATE customers SET name = 'Zed Other', search_name = 'zed other' WHERE id = \(bind: UUID(uuidString: id)!)").run()
            _ = try await Self.check(app, token, organizationID, "an SQL update")

            // An import of many at once.
            var csv = "name,email\n"
            for n in 0..<10 { csv += "Carla Neri \(n),carla.neri\(n)@gmail.com\nCarla Neri \(n),carlaneri\(n)@googlemail.com\n" }
            let job = try await app.importCSV(token, csv)
            #expect(job["created"] as? Int == 20, "\(job.text)")
            #expect(try await Self.check(app, token, organizationID, "an import").count >= 10)

            // A merge takes the removed record's pairs away; its undo gives them back.
            let merged = try await app.send(.POST, "/api/v1/customers/merge", token: token,
                                            json: ["into": ann["id"]!, "from": [id]])
            #expect(merged.status == .ok, "\(merged.text)")
            _ = try await Self.check(app, token, organizationID, "a merge")
            let mergeID = try #require((merged["merge"] as? [String: Any])?["id"] as? String)
            #expect(try await app.send(.POST, "/api/v1/customers/merges/\(mergeID)/undo", token: token).status == .ok)
            _ = try await Self.check(app, token, organizationID, "an undo")

            // An erasure and a delete.
            let erased = try await app.send(.POST, "/api/v1/customers/\(giuseppe["id"]!)/erase", token: token,
                                            json: ["reason": "The customer asked for erasure"])
            #expect(erased.status == .ok, "\(erased.text)")
            _ = try await Self.check(app, token, organizationID, "an erasure")
            #expect(try await app.send(.DELETE, "/api/v1/customers/\(ann["id"]!)", token: token).status == .noContent)
            _ = try await Self.check(app, token, organizationID, "a delete")

            // Computed again in full (as after a bulk load): the same pairs.
            let before = try await Self.listed(app, token)
            try await sql.raw("DELETE FROM duplicate_pairs_built").run()
            try await sql.raw("DELETE FROM duplicate_pairs").run()
            #expect(try await Self.check(app, token, organizationID, "a rebuild") == before)
        }
    }

    @Test func theBackgroundPassRefreshesEveryOrganizationWithChanges() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            var organizations: [UUID] = []
            for slug in ["acme", "other"] {
                let org = try await app.createOrganization(slug, rootToken: root)
                try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bob.stone@gmail.com"])
                try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bobstone@gmail.com"])
                organizations.append(try #require(UUID(uuidString: org.id)))
            }
            let sql = app.db as! any SQLDatabase
            #expect(try await sql.raw("SELECT count(*) AS n FROM duplicate_pairs_stale").first()?.decode(column: "n", as: Int.self) == 4)
            try await DuplicatePairUpkeep.run(on: app.db)
            #expect(try await sql.raw("SELECT count(*) AS n FROM duplicate_pairs_stale").first()?.decode(column: "n", as: Int.self) == 0)
            for organizationID in organizations {
                let kept = try await sql.raw("SELECT count(*) AS n FROM duplicate_pairs WHERE organization_id = \(bind: organizationID)").first()?
                    .decode(column: "n", as: Int.self)
                #expect(kept == 1)
            }
        }
    }

    @Test func theBackgroundPassLeavesAnOrganizationToItsRunningImport() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            var organizations: [UUID] = [], tokens: [String] = []
            for slug in ["acme", "other"] {
                let org = try await app.createOrganization(slug, rootToken: root)
                try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bob.stone@gmail.com"])
                try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bobstone@gmail.com"])
                organizations.append(try #require(UUID(uuidString: org.id)))
                tokens.append(org.adminToken)
            }
            let sql = app.db as! any SQLDatabase
            func stale(_ organizationID: UUID) async throws -> Int {
                try await sql.raw("SELECT count(*) AS n FROM duplicate_pairs_stale WHERE organization_id = \(bind: organizationID)")
                    .first()?.decode(column: "n", as: Int.self) ?? -1
            }
            // acme's import is writing its batches: acme is left to it, the other organization is refreshed.
            let job = ImportJob(organizationID: organizations[0], createdByID: nil, onMatch: .fill, mappingJSON: "{}",
                                filePath: "/nonexistent/import.csv", rowsTotal: 1_000_000)
            try await job.save(on: app.db)
            try await DuplicatePairUpkeep.run(on: app.db)
            #expect(try await stale(organizations[0]) == 2)
            #expect(try await stale(organizations[1]) == 0)
            // An import that stopped writing (its instance died) holds nothing back.
            let quiet = Date().addingTimeInterval(-DuplicatePairUpkeep.importQuietSeconds - 1)
            try await sql.raw("UPDATE import_jobs SET updated_at = \(bind: quiet) WHERE id = \(bind: job.id!)").run()
            try await DuplicatePairUpkeep.run(on: app.db)
            #expect(try await stale(organizations[0]) == 0)
            // And a finished one neither.
            try await app.createCustomer(tokens[0], ["name": "Bob Stone", "phone": "+14155550100"])
            #expect(try await stale(organizations[0]) == 1)
            try await sql.raw("UPDATE import_jobs SET status = 'done', updated_at = \(bind: Date()) WHERE id = \(bind: job.id!)").run()
            try await DuplicatePairUpkeep.run(on: app.db)
            #expect(try await stale(organizations[0]) == 0)
        }
    }

    @Test func oneRefreshOfAnOrganizationRunsAtATimeAndTheBackgroundPassSkipsIt() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bob.stone@gmail.com"])
            try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bobstone@gmail.com"])
            let sql = app.db as! any SQLDatabase
            func stale() async throws -> Int {
                try await sql.raw("SELECT count(*) AS n FROM duplicate_pairs_stale").first()?.decode(column: "n", as: Int.self) ?? -1
            }
            // A refresh of acme is under way (held open here): the background pass leaves acme alone…
            let (gate, open) = AsyncStream<Void>.makeStream()
            let held = Task {
                try await DuplicatePairRefreshes.shared.run(organizationID, skipIfRunning: false) {
                    for await _ in gate { break }
                    return 0
                }
            }
            while await !DuplicatePairRefreshes.shared.isRunning(organizationID) { try await Task.sleep(for: .milliseconds(5)) }
            try await DuplicatePairUpkeep.run(on: app.db)
            #expect(try await stale() == 2)
            // …and a refresh that must happen (the page's, an import's) waits for it, then does its own.
            let waiting = Task { try await DuplicatePairIndex(database: app.db, organizationID: organizationID).refresh() }
            try await Task.sleep(for: .milliseconds(50))
            #expect(try await stale() == 2, "the second refresh waits for the first")
            open.yield()
            #expect(try await held.value == 0)
            #expect(try await waiting.value == 2)
            #expect(try await stale() == 0)
            #expect(await !DuplicatePairRefreshes.shared.isRunning(organizationID))
        }
    }

    @Test func cancellingTheCallerCancelsItsRefresh() async throws {
        // The background pass is cancelled at shutdown: the refresh it started must stop with it, not run to its end.
        let organizationID = UUID()
        let caller = Task {
            try await DuplicatePairRefreshes.shared.run(organizationID, skipIfRunning: true) {
                try await Task.sleep(for: .seconds(60))
                return 1
            }
        }
        while await !DuplicatePairRefreshes.shared.isRunning(organizationID) { try await Task.sleep(for: .milliseconds(5)) }
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(await !DuplicatePairRefreshes.shared.isRunning(organizationID))
    }

    @Test func aCustomerChangedWhileItsPairsAreComputedStaysStale() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let organizationID = try #require(UUID(uuidString: org.id))
            let sql = app.db as! any SQLDatabase
            let bob = try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bob.stone@gmail.com"])
            try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bobstone@gmail.com"])
            let index = DuplicatePairIndex(database: app.db, organizationID: organizationID)
            #expect(try await index.refresh() == 2)
            #expect(try await index.refresh() == 0, "nothing stale: nothing computed")
            // Every write gives a new mark: a mark read before the write does not clear the customer.
            let bobID = try #require(UUID(uuidString: bob["id"] as! String))
            #expect(try await app.send(.PATCH, "/api/v1/customers/\(bob["id"]!)", token: org.adminToken, json: ["name": "Robert Stone"]).status == .ok)
            let first = try #require(try await sql.raw("SELECT mark FROM duplicate_pairs_stale WHERE customer_id = \(bind: bobID)").first()?
                .decode(column: "mark", as: Int64.self))
            #expect(try await app.send(.PATCH, "/api/v1/customers/\(bob["id"]!)", token: org.adminToken, json: ["name": "Bob Stone"]).status == .ok)
            let second = try #require(try await sql.raw("SELECT mark FROM duplicate_pairs_stale WHERE customer_id = \(bind: bobID)").first()?
                .decode(column: "mark", as: Int64.self))
            #expect(first != second)
            _ = try await Self.check(app, org.adminToken, organizationID, "two updates")
        }
    }
}
