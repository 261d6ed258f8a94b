@testable import App
import ClienteleStore
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// On PostgreSQL a term made of common trigrams sorted by name is read from `customer_common_trigrams` (migration
/// 0035): the pages must be exactly the term's matches in name order, either way, by cursor, with matches found only
/// by email, customers who have the term's trigrams but not the term, and another organization's matches in between;
/// also after renames, email changes and deletes, which the triggers keep. The table itself must hold exactly each
/// customer's common trigrams, computed here from the dictionary.
@Suite struct CommonTrigramSearchTests {
    @Test func aCommonTermByNameListsExactlyItsMatchesInNameOrder() async throws {
        try await withTestApp { app in
            guard SQLDialectKind(app.db) == .postgres else { return }
            let root = try await app.rootToken()
            let acme = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            let sql = app.db as! any SQLDatabase

            let firsts = ["Anna", "Joanna", "Hannah", "Annabel", "Marianna", "Leanna", "D'Anna", "\u{c0}nna-Maria", "Susanna", "Mary"]
            let lasts = ["Smith", "Rossi", "Mann", "O'Neil", "\u{d8}stergaard", "Zu", "Li", "Johnson"]
            var csv = "name,email\n"
            for n in 0..<400 { csv += "\(firsts[n % firsts.count]) \(lasts[(n / firsts.count) % lasts.count]) \(n / 80),\n" }
            // The term's trigrams apart ("ann" and "nna"), not the term "anna": listed by nobody.
            for n in 0..<30 { csv += "Hann Nnaomi \(n),\n" }
            // Found by email only.
            for n in 0..<20 { csv += "Zed Email \(n),hannah.\(n)@example.com\n" }
            for n in 0..<100 { csv += "Aaron Plain \(n),\nBob Plain \(n),\n" }
            #expect(try await app.importCSV(acme.adminToken, csv)["status"] as? String == "done")
            var otherCSV = "name\n"
            for n in 0..<300 { otherCSV += "Aanna Other \(n)\nZanna Other \(n)\n" }
            #expect(try await app.importCSV(other.adminToken, otherCSV)["status"] as? String == "done")
            // One by one, through the API (a statement of one row each).
            for n in 0..<5 { _ = try await app.createCustomer(acme.adminToken, ["name": "Annette Single \(n)"]) }

            func expected(_ org: OrgFixture, _ term: String, descending: Bool) async throws -> [String] {
                try await searchReferenceIDs(sql, organizationID: try #require(UUID(uuidString: org.id)), term: term, descending: descending)
            }
            func served(_ org: OrgFixture, _ term: String, descending: Bool) async throws -> Bool {
                let admin = try #require(try await User.query(on: app.db).filter(\.$email == org.adminEmail).first())
                let access = try CustomerAccess(Principal(user: admin, tokenID: UUID(), organizationID: try #require(UUID(uuidString: org.id))))
                let parameters = try CustomerListParameters(timezone: .gmt) { ["q": term, "sort": descending ? "-name" : "name"][$0] ?? nil }
                let page = try await CustomerSearch(database: app.db, access: access).commonTrigramPage(
                    parameters, page: PageRequest(page: 1, perPage: 20), select: "customers.seq",
                    decode: { try $0.decode(column: "seq", as: Int.self) },
                    key: { CustomerSearch.CursorKey(seq: $0, searchName: "", totalSpentMinor: 0, lastOrderAt: nil) })
                return page != nil
            }
            func expectListsExact(_ note: String) async throws {
                for (org, term) in [(acme, "anna"), (acme, "ann"), (acme, "mar"), (other, "anna")] {
                    for descending in [false, true] {
                        #expect(try await served(org, term, descending: descending), "\(note) \(org.slug) q=\(term) is served by the table")
                        let want = try await expected(org, term, descending: descending)
                        let sort = descending ? "-name" : "name"
                        for perPage in [100, 7] {
                            let got = try await app.customerIDsByCursor(org.adminToken, "q=\(term)&sort=\(sort)&per_page=\(perPage)", limit: 5_000)
                            #expect(!want.isEmpty && got == want,
                                    "\(note) \(org.slug) q=\(term)&sort=\(sort)&per_page=\(perPage): \(got.count) listed, \(want.count) expected")
                        }
                    }
                }
                try await expectCommonTrigramsMatchCustomers(sql)
            }

            // A term with a rarer trigram ("ohn" is not common) is left to the trigram indexes.
            #expect(try await served(acme, "johnson", descending: false) == false)
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

/// PostgreSQL: `customer_common_trigrams` holds one row for each common trigram (`CustomerTrigramMask.dictionary`) a
/// customer's folded name, email or phone holds, with her name and mask, and no other row.
func expectCommonTrigramsMatchCustomers(_ sql: any SQLDatabase) async throws {
    struct Posting: Hashable { let organizationID: UUID, bit: Int, name: String, seq: Int, mask: Int64 }
    var want = Set<Posting>()
    for row in try await sql.raw("SELECT organization_id, seq, search_name, email, phone FROM customers").all() {
        let name = try row.decode(column: "search_name", as: String.self)
        let text = [name, try row.decode(column: "email", as: String?.self) ?? "", try row.decode(column: "phone", as: String?.self) ?? ""]
        let bits = CustomerTrigramMask.dictionary.indices.filter { bit in text.contains { $0.contains(CustomerTrigramMask.dictionary[bit]) } }
        let mask = bits.reduce(Int64(0)) { $0 | Int64(1) << $1 }
        for bit in bits {
            want.insert(Posting(organizationID: try row.decode(column: "organization_id", as: UUID.self), bit: bit, name: name,
                                seq: try row.decode(column: "seq", as: Int.self), mask: mask))
        }
    }
    let got = Set(try await sql.raw("SELECT organization_id, bit, search_name, seq, trigram_mask FROM customer_common_trigrams").all().map {
        Posting(organizationID: try $0.decode(column: "organization_id", as: UUID.self), bit: try $0.decode(column: "bit", as: Int.self),
                name: try $0.decode(column: "search_name", as: String.self), seq: try $0.decode(column: "seq", as: Int.self),
                mask: try $0.decode(column: "trigram_mask", as: Int64.self))
    })
    #expect(!want.isEmpty)
    #expect(got.subtracting(want).isEmpty, "rows without their customer: \(got.subtracting(want).prefix(5))")
    #expect(want.subtracting(got).isEmpty, "customers' trigrams without their row: \(want.subtracting(got).prefix(5))")
}
