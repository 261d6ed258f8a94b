@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// On SQLite a dense term sorted by name is read from `customers_name_order` (migration 0033), whose row ids follow
/// the name order up to seven characters: the pages must be exactly the term's matches in name order, with names
/// that share their first seven characters, names with characters the key only ranges over (digits, apostrophes,
/// letters beyond `z`), matches found only by email, entries that have the term's trigrams but not the term, and
/// another organization's matches in between; also after renames and deletes, which the triggers keep.
@Suite struct NameOrderSearchTests {
    /// A row id's key never puts a name before a smaller name: sorted by SQLite, the keys never go down.
    @Test func keysKeepTheNameOrder() async throws {
        try await withTestApp { app in
            guard SQLDialectKind(app.db) == .sqlite else { return }
            let sql = app.db as! any SQLDatabase
            var names = ["", "a", "a b", "a-b", "a z", "a\u{1}b", "ab", "abc defgh", "abc defgz", "abc defg", "zz", "zzzzzzzz",
                         "\u{f8}ster", "1abc", "{x", "aaaaaaa", "aaaaaaab", "d'anna", "d'zzz", "anna", "anna ", "anna  x", "anna!",
                         "anna-maria", "anna maria", "annamaria", "\u{4e2d}\u{6587}", "~"]
            var generator = SystemRandomNumberGenerator()
            let alphabet: [String] = [" ", "a", "b", "m", "z", "-", "'", "0", "\u{e9}", "\u{1}", "~", "{"]
            for _ in 0..<1_500 {
                names.append((0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }.joined())
            }
            var values = SQLQueryString("")
            for (index, name) in names.enumerated() { values = values + (index == 0 ? "" : ", ") + "(\(bind: name))" }
            let keys = try await sql.raw(SQLQueryString("SELECT name, \(unsafeRaw: CustomerNameOrder.key(of: "name")) AS k FROM ")
                                         + "(SELECT column1 AS name FROM (VALUES " + values + ")) ORDER BY name").all().map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "k", as: Int64.self))
            }
            #expect(keys.count == names.count)
            for (earlier, later) in zip(keys, keys.dropFirst()) {
                #expect(earlier.1 <= later.1, "\(earlier.0.debugDescription) → \(earlier.1), \(later.0.debugDescription) → \(later.1)")
            }
            // Exact where it can be: seven letters or spaces are the key's own.
            let distinct = try await sql.raw(SQLQueryString("SELECT \(unsafeRaw: CustomerNameOrder.key(of: "'anna sm'")) AS a, ")
                                             + SQLQueryString("\(unsafeRaw: CustomerNameOrder.key(of: "'anna sn'")) AS b")).first()
            #expect(try distinct?.decode(column: "a", as: Int64.self) != distinct?.decode(column: "b", as: Int64.self))
        }
    }

    @Test func aDenseTermByNameListsExactlyItsMatchesInNameOrder() async throws {
        try await withTestApp { app in
            guard SQLDialectKind(app.db) == .sqlite else { return }
            let root = try await app.rootToken()
            let acme = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            let sql = app.db as! any SQLDatabase

            let firsts = ["Anna", "Joanna", "Hannah", "Annabel", "Marianna", "Leanna", "Rosanna", "D'Anna", "\u{c0}nna-Maria", "Susanna"]
            let lasts = ["Smith", "Smithers", "Rossi", "Ng", "O'Neil", "\u{d8}stergaard", "Zu", "Li"]
            var csv = "name,email\n"
            // With the other organization's matches below, more than `CustomerSearch.denseMatches` in the index.
            for n in 0..<1_600 {
                csv += "\(firsts[n % firsts.count]) \(lasts[(n / firsts.count) % lasts.count]) \(n / 80),\n"
            }
            for first in firsts { csv += "\(first),\n" }
            // The term's trigrams apart, not the term: listed by nobody.
            for n in 0..<30 { csv += "Hann Nnaomi \(n),\n" }
            // Found by email only.
            for n in 0..<20 { csv += "Zed Email \(n),joanna.\(n)@example.com\n" }
            for n in 0..<200 { csv += "Aaron Plain \(n),\nBob Plain \(n),\n" }
            #expect(try await app.importCSV(acme.adminToken, csv)["status"] as? String == "done")
            // Another organization's matches, before all of acme's by name and more than the read window.
            var otherCSV = "name\n"
            for n in 0..<(CustomerSearch.nameOrderWindow + 100) { otherCSV += "Aanna Other \(n)\n" }
            #expect(try await app.importCSV(other.adminToken, otherCSV)["status"] as? String == "done")

            func expected(_ org: OrgFixture, _ term: String, descending: Bool, status: String? = nil) async throws -> [String] {
                try await searchReferenceIDs(sql, organizationID: try #require(UUID(uuidString: org.id)), term: term, descending: descending,
                                             status: status ?? "active")
            }
            func listed(_ org: OrgFixture, _ query: String, perPage: Int = 100) async throws -> [String] {
                try await app.customerIDsByCursor(org.adminToken, "\(query)&per_page=\(perPage)", limit: 20_000)
            }
            func served(_ org: OrgFixture, _ term: String, descending: Bool, status: String? = nil) async throws -> Bool {
                let admin = try #require(try await User.query(on: app.db).filter(\.$email == org.adminEmail).first())
                let access = try CustomerAccess(Principal(user: admin, tokenID: UUID(), organizationID: try #require(UUID(uuidString: org.id))))
                let parameters = try CustomerListParameters(timezone: .gmt) {
                    ["q": term, "sort": descending ? "-name" : "name", "status": status][$0] ?? nil
                }
                let page = try await CustomerSearch(database: app.db, access: access).nameOrderPage(
                    parameters, page: PageRequest(page: 1, perPage: 20), select: "customers.seq",
                    decode: { try $0.decode(column: "seq", as: Int.self) },
                    key: { CustomerSearch.CursorKey(seq: $0, searchName: "", totalSpentMinor: 0, lastOrderAt: nil) })
                return page != nil
            }
            func expectListsExact(_ note: String) async throws {
                for (org, term, descending) in [(acme, "anna", false), (acme, "anna", true), (acme, "ann", true),
                                                (other, "anna", false), (other, "anna", true)] {
                    let want = try await expected(org, term, descending: descending)
                    let sort = descending ? "-name" : "name"
                    for perPage in [100, 7] where perPage == 100 || (org.id == acme.id && descending && term == "anna") {
                        let got = try await listed(org, "q=\(term)&sort=\(sort)", perPage: perPage)
                        let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, want.count)
                        #expect(got == want, "\(note) \(org.slug) q=\(term)&sort=\(sort)&per_page=\(perPage): \(got.count) listed, \(want.count) expected, first difference at \(first)")
                    }
                }
                try await expectNameOrderIndexMatchesTable(sql)
            }

            // The organization's own matches first, in either direction, are read from the name-order index; acme by
            // name starts behind the other organization's 4,100 matches, more than the window, and is found another way.
            #expect(try await served(acme, "anna", descending: true))
            #expect(try await served(other, "anna", descending: false))
            #expect(try await served(acme, "anna", descending: false) == false)
            try await expectListsExact("imported:")

            // With another filter that matches many (a third of acme's customers inactive), tested on each row.
            try await sql.raw("UPDATE customers SET status = 'inactive' WHERE organization_id = \(bind: try #require(UUID(uuidString: acme.id))) AND seq % 3 = 0").run()
            #expect(try await served(acme, "anna", descending: true, status: "inactive"))
            for descending in [false, true] {
                let want = try await expected(acme, "anna", descending: descending, status: "inactive")
                let got = try await listed(acme, "q=anna&status=inactive&sort=\(descending ? "-name" : "name")", perPage: 50)
                #expect(!want.isEmpty && got == want, "status=inactive, descending \(descending): \(got.count) listed, \(want.count) expected")
            }
            try await sql.raw("UPDATE customers SET status = 'active' WHERE organization_id = \(bind: try #require(UUID(uuidString: acme.id)))").run()

            // Renames (into the term, out of it, within a shared key) and deletes, through the API.
            let page = try await app.send(.GET, "/api/v1/customers?q=anna&sort=-name&per_page=90", token: acme.adminToken)
            let ids = page.data.compactMap { $0["id"] as? String }
            #expect(ids.count == 90)
            for (index, id) in ids.enumerated() {
                switch index % 3 {
                case 0: _ = try await app.send(.DELETE, "/api/v1/customers/\(id)", token: acme.adminToken)
                case 1: _ = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: acme.adminToken, json: ["name": "Plain Renamed \(index)"])
                default: _ = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: acme.adminToken, json: ["name": "Anna Smithx \(index)"])
                }
            }
            // Into the term without leaving the key ("bob pla").
            let plain = try await app.send(.GET, "/api/v1/customers?q=bob%20plain&per_page=10", token: acme.adminToken)
            for (index, id) in plain.data.compactMap({ $0["id"] as? String }).enumerated() {
                _ = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: acme.adminToken, json: ["name": "Bob Plainanna \(index)"])
            }
            #expect(try await served(acme, "anna", descending: true))
            try await expectListsExact("changed:")
            #expect(try await app.customerNames(acme.adminToken, "q=plainanna&per_page=100").count == 10)
        }
    }
}

/// SQLite: every customer (but those queued for the next flush) has exactly its entry in `customers_name_order`, and
/// the index has no other entry; FTS5's own check of the index's structure passes.
func expectNameOrderIndexMatchesTable(_ sql: any SQLDatabase) async throws {
    let rowid = CustomerNameOrder.rowid(name: "search_name", seq: "seq")
    let table = CustomerNameOrder.table
    try await sql.raw("INSERT INTO \(unsafeRaw: table)(\(unsafeRaw: table), rank) VALUES ('integrity-check', 0)").run()
    let missing = try await sql.raw("""
        SELECT count(*) AS n FROM customers WHERE seq NOT IN (SELECT seq FROM customers_fts_pending)
        AND \(unsafeRaw: rowid) NOT IN (SELECT rowid FROM \(unsafeRaw: table))
        """).first()?.decode(column: "n", as: Int.self)
    let stale = try await sql.raw("""
        SELECT count(*) AS n FROM \(unsafeRaw: table) WHERE rowid NOT IN (SELECT \(unsafeRaw: rowid) FROM customers)
        """).first()?.decode(column: "n", as: Int.self)
    #expect(missing == 0, "customers without their entry")
    #expect(stale == 0, "entries without their customer")
}
