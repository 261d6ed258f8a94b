@testable import App
import ClienteleStore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// On PostgreSQL a term made of common trigrams sorted by name is found by walking the name index and testing each
/// entry's `trigram_mask` (migration 0035): the pages must be exactly the term's matches in name order, either way, by
/// cursor, with matches found only by email, customers who have the term's trigrams but not the term, and another
/// organization's matches in between; also after renames, email changes and deletes. Each way the page may take (the
/// walk, or the matches sorted) must list the same. And the generated mask must hold exactly each customer's common
/// trigrams, and the trigram entries (migration 0036) exactly her mask's bits.
@Suite struct MaskedNameWalkTests {
    @Test func aCommonTermByNameListsExactlyItsMatchesInNameOrder() async throws {
        try await withTestApp { app in
            guard SQLDialectKind(app.db) == .postgres else { return }
            let root = try await app.rootToken()
            let acme = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            let sql = app.db as! any SQLDatabase

            let firsts = ["Anna", "Joanna", "Hannah", "Annabel", "Marianna", "Leanna", "D'Anna", "\u{c0}nna-Maria", "Susanna", "Mary"]
            let lasts = ["Smith", "Rossi", "Mann", "O'Neil", "\u{d8}stergaard", "Zu", "Li", "Johnson"]
            // First in name order and without the term: the walk passes them in the index.
            var csv = "name,email\n"
            for n in 0..<100 { csv += "Aaron Plain \(n),\n" }
            for n in 0..<400 { csv += "\(firsts[n % firsts.count]) \(lasts[(n / firsts.count) % lasts.count]) \(n / 80),\n" }
            // The term's trigrams apart ("ann" and "nna"), not the term "anna": listed by nobody.
            for n in 0..<30 { csv += "Hann Nnaomi \(n),\n" }
            // Found by email only.
            for n in 0..<20 { csv += "Zed Email \(n),hannah.\(n)@example.com\n" }
            for n in 0..<100 { csv += "Bob Plain \(n),\n" }
            #expect(try await app.importCSV(acme.adminToken, csv)["status"] as? String == "done")
            var otherCSV = "name\n"
            for n in 0..<300 { otherCSV += "Aanna Other \(n)\nZanna Other \(n)\n" }
            #expect(try await app.importCSV(other.adminToken, otherCSV)["status"] as? String == "done")
            // One by one, through the API.
            for n in 0..<5 { _ = try await app.createCustomer(acme.adminToken, ["name": "Annette Single \(n)"]) }

            func search(_ org: OrgFixture) async throws -> CustomerSearch {
                let admin = try #require(try await User.query(on: app.db).filter(\.$email == org.adminEmail).first())
                let access = try CustomerAccess(Principal(user: admin, tokenID: UUID(), organizationID: try #require(UUID(uuidString: org.id))))
                return CustomerSearch(database: app.db, access: access)
            }
            func parameters(_ term: String, descending: Bool) throws -> CustomerListParameters {
                try CustomerListParameters(timezone: .gmt) { ["q": term, "sort": descending ? "-name" : "name"][$0] ?? nil }
            }
            struct Listed { let id: String, seq: Int, name: String }
            /// Every page of `maskedNamePage` itself with these limits, by cursor; nil when it does not serve the list.
            func walked(_ org: OrgFixture, _ term: String, descending: Bool, perPage: Int, walkAnyway: Int, sortCap: Int) async throws -> [String]? {
                let search = try await search(org)
                var ids: [String] = []
                var after: String?
                repeat {
                    let request = after.map { PageRequest(perPage: perPage, after: $0) } ?? PageRequest(page: 1, perPage: perPage)
                    guard let page = try await search.maskedNamePage(
                        try parameters(term, descending: descending), page: request,
                        select: "customers.id AS id, customers.seq AS seq, customers.search_name AS search_name",
                        decode: { Listed(id: try $0.decode(column: "id", as: UUID.self).uuidString.lowercased(),
                                         seq: try $0.decode(column: "seq", as: Int.self), name: try $0.decode(column: "search_name", as: String.self)) },
                        key: { CustomerSearch.CursorKey(seq: $0.seq, searchName: $0.name, totalSpentMinor: 0, lastOrderAt: nil) },
                        walkAnyway: walkAnyway, sortCap: sortCap) else { return nil }
                    #expect(page.rows.count <= perPage)
                    ids += page.rows.map(\.id)
                    after = page.nextCursor.flatMap { Data(base64URLEncoded: $0) }.flatMap { String(data: $0, encoding: .utf8) }
                } while after != nil && ids.count < 5_000
                return ids
            }
            func expectListsExact(_ note: String) async throws {
                for (org, term) in [(acme, "anna"), (acme, "ann"), (acme, "mar"), (other, "anna")] {
                    for descending in [false, true] {
                        let want = try await searchReferenceIDs(sql, organizationID: try #require(UUID(uuidString: org.id)), term: term,
                                                                descending: descending)
                        #expect(!want.isEmpty)
                        let sort = descending ? "-name" : "name"
                        for perPage in [100, 7] {
                            let got = try await app.customerIDsByCursor(org.adminToken, "q=\(term)&sort=\(sort)&per_page=\(perPage)", limit: 5_000)
                            #expect(got == want, "\(note) \(org.slug) q=\(term)&sort=\(sort)&per_page=\(perPage): \(got.count) listed, \(want.count) expected")
                        }
                        // Each way: a small organization, walked; a larger one whose matches are few, sorted; and many,
                        // walked.
                        for (walkAnyway, sortCap) in [(100_000, 10_000), (0, 100_000), (0, 1)] {
                            let got = try await walked(org, term, descending: descending, perPage: 7, walkAnyway: walkAnyway, sortCap: sortCap)
                            #expect(got == want, "\(note) \(org.slug) q=\(term) \(sort) walk under \(walkAnyway), sort under \(sortCap): \(got?.count ?? -1) listed, \(want.count) expected")
                        }
                    }
                }
                try await expectTrigramMasksMatchCustomers(sql)
            }

            // A term with a rarer trigram ("ohn" is not common) is left to the trigram indexes.
            #expect(try await walked(acme, "johnson", descending: false, perPage: 7, walkAnyway: 10, sortCap: 10) == nil)
            try await expectListsExact("imported:")

            // Renames (into the term, out of it), email changes and deletes, through the API.
            let page = try await app.send(.GET, "/api/v1/customers?q=anna&sort=-name&per_page=60", token: acme.adminToken)
            let ids = page.data.compactMap { $0["id"] as? String }
            #expect(ids.count == 60)
            for (index, id) in ids.enumerated() {
                switch index % 4 {
                case 0: _ = try await app.send(.DELETE, "/api/v1/customers/\(id)", token: acme.adminToken)
                case 1: _ = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: acme.adminToken, json: ["name": "Plain Renamed \(index)"])
                case 2: _ = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: acme.adminToken, json: ["name": "Anna Smithx \(index)"])
                default: _ = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: acme.adminToken, json: ["email": "marianna.\(index)@example.com"])
                }
            }
            let plain = try await app.send(.GET, "/api/v1/customers?q=bob%20plain&per_page=10", token: acme.adminToken)
            for (index, id) in plain.data.compactMap({ $0["id"] as? String }).enumerated() {
                _ = try await app.send(.PATCH, "/api/v1/customers/\(id)", token: acme.adminToken, json: ["email": "bob.hannah.\(index)@example.com"])
            }
            try await expectListsExact("changed:")
        }
    }
}

/// PostgreSQL: each customer's `trigram_mask` has exactly the bits of the common trigrams
/// (`CustomerTrigramMask.dictionary`) her folded name, email or phone holds, computed here.
func expectTrigramMasksMatchCustomers(_ sql: any SQLDatabase) async throws {
    let rows = try await sql.raw("SELECT seq, search_name, email, phone, trigram_mask FROM customers").all()
    #expect(!rows.isEmpty)
    var wrong: [String] = []
    for row in rows {
        let text = [try row.decode(column: "search_name", as: String.self), try row.decode(column: "email", as: String?.self) ?? "",
                    try row.decode(column: "phone", as: String?.self) ?? ""]
        let want = CustomerTrigramMask.dictionary.indices.filter { bit in text.contains { $0.contains(CustomerTrigramMask.dictionary[bit]) } }
            .reduce(Int64(0)) { $0 | Int64(1) << $1 }
        if try row.decode(column: "trigram_mask", as: Int64.self) != want { wrong.append(text.joined(separator: " / ")) }
    }
    #expect(wrong.isEmpty, "customers whose mask is not their common trigrams: \(wrong.prefix(5))")
    try await expectTrigramPostingsMatchCustomers(sql)
}

/// PostgreSQL: `customer_trigram_postings` (migration 0036) holds exactly one entry per customer and bit of her
/// `trigram_mask`, with her organization, folded name, seq and whole mask: nothing missing, nothing left over.
func expectTrigramPostingsMatchCustomers(_ sql: any SQLDatabase) async throws {
    let entries = { (from: String) in
        "SELECT organization_id, trigram::int AS trigram, search_name, seq, trigram_mask FROM (\(from)) AS entries"
    }
    let derived = entries("""
        SELECT organization_id, bit AS trigram, search_name, seq, trigram_mask FROM customers
        CROSS JOIN generate_series(0, 62) AS bit WHERE trigram_mask & (1::bigint << bit) <> 0
        """)
    let kept = entries("SELECT * FROM \(CustomerTrigramMask.postingsTable)")
    for (missing, from, less) in [("missing", derived, kept), ("left over", kept, derived)] {
        let rows = try await sql.raw(SQLQueryString("SELECT count(*) AS n, min(search_name) AS example FROM (\(from) EXCEPT ALL \(less)) AS d"))
            .first()
        let n = try rows?.decode(column: "n", as: Int.self) ?? -1
        let example = try rows?.decode(column: "example", as: String?.self) ?? ""
        #expect(n == 0, "\(n) trigram entries \(missing), e.g. \(example)")
    }
    let total = try await sql.raw(SQLQueryString("SELECT count(*) AS n FROM \(CustomerTrigramMask.postingsTable)")).first()?
        .decode(column: "n", as: Int.self) ?? 0
    #expect(total > 0)
}
