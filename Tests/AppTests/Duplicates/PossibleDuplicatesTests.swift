@testable import App
import Foundation
import Testing
import Vapor

/// Possible duplicates through the API: the `possible_duplicates` of a create and an update, and the organization's
/// pairs (`GET /api/v1/customers/duplicates`), on SQLite and (with TEST_DATABASE_URL) PostgreSQL.
@Suite struct PossibleDuplicatesTests {
    static func duplicates(_ json: [String: Any]) -> [[String: Any]] { json["possible_duplicates"] as? [[String: Any]] ?? [] }

    @Test func aCreateNamesTheExistingCustomerWhoLooksLikeTheSamePerson() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let robert = try await app.createCustomer(org.adminToken, ["name": "Robert Smith", "email": "bob.smith@gmail.com"])
            // Same common name, nothing else shared: not a duplicate.
            try await app.createCustomer(org.adminToken, ["name": "Robert Smith", "email": "rsmith@example.com"])
            let first = try await app.createCustomer(org.adminToken, ["name": "Anna Rossi", "phone": "+1 415 555 2671"])
            #expect(Self.duplicates(first).isEmpty)
            #expect(first["possible_duplicates"] is [Any], "an empty list, not absent: \(first)")

            let bob = try await app.createCustomer(org.adminToken, ["name": "bob SMITH", "email": "BobSmith+shop@googlemail.com"])
            let found = Self.duplicates(bob)
            #expect(found.count == 1, "\(found)")
            #expect(found.first?["id"] as? String == robert["id"] as? String)
            #expect(found.first?["name"] as? String == "Robert Smith")
            #expect(found.first?["reasons"] as? [String] == ["similar_name", "same_email"])
            #expect((found.first?["score"] as? Int).map { (1...100).contains($0) } == true)

            // A read shows no possible duplicates: only the answers of writes do.
            let read = try await app.send(.GET, "/api/v1/customers/\(bob["id"]!)", token: org.adminToken)
            #expect(read.json["possible_duplicates"] == nil)
        }
    }

    /// More people share a contact than one look-up reads (`info@` at many shops): the namesake among them is still
    /// found, and the many who share only that are not listed.
    @Test func aNamesakeBehindACrowdedContactIsFound() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for i in 0..<(DuplicateFinder.perLookup + 5) {
                try await app.createCustomer(org.adminToken, ["name": "Colleague\(i) Bianchi", "email": "info@shop\(i).example"])
            }
            let maria = try await app.createCustomer(org.adminToken, ["name": "Maria Rossi", "email": "info@rossi.example"])
            let again = try await app.createCustomer(org.adminToken, ["name": "María ROSSI", "email": "info@rossi-bakery.example"])
            let found = Self.duplicates(again)
            #expect(found.map { $0["id"] as? String } == [maria["id"] as? String], "\(found)")
            #expect(found.first?["reasons"] as? [String] == ["same_name", "similar_email"])
            // A name with no contact at all matches nobody: there is nothing to share.
            let bare = try await app.createCustomer(org.adminToken, ["name": "Maria Rossi"])
            #expect(Self.duplicates(bare).isEmpty)
        }
    }

    @Test func anUpdateComparesTheChangedRecordAndItsAddressBook() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let kept = try await app.createCustomer(org.adminToken, ["name": "Giuseppe Verdi", "email": "gverdi@example.it"])
            let other = try await app.createCustomer(org.adminToken, ["name": "Luigi Verdi"])
            let address = ["line1": "Via Roma 10", "postal_code": "20121", "city": "Milano", "country": "IT"]
            for id in [kept["id"]!, other["id"]!] {
                let added = try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: org.adminToken, json: address)
                #expect(added.status == .created, "\(added.text)")
            }
            // Siblings at one address: not the same person.
            let sibling = try await app.send(.PATCH, "/api/v1/customers/\(other["id"]!)", token: org.adminToken, json: ["company": "X"])
            #expect(sibling.status == .ok)
            #expect(Self.duplicates(sibling.json).isEmpty, "\(sibling.text)")
            // Renamed to the nickname of the other's name: the shared address now makes them look alike.
            let renamed = try await app.send(.PATCH, "/api/v1/customers/\(other["id"]!)", token: org.adminToken, json: ["name": "Beppe Verdi"])
            #expect(renamed.status == .ok)
            let found = Self.duplicates(renamed.json)
            #expect(found.map { $0["id"] as? String } == [kept["id"] as? String], "\(renamed.text)")
            #expect(found.first?["reasons"] as? [String] == ["similar_name", "same_address"])
        }
    }

    @Test func onlyTheCallersOrganizationAndWhatTheCallerMaySee() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let acme = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            try await app.createCustomer(other.adminToken, ["name": "Maria Bianchi", "email": "maria.bianchi@gmail.com"])
            let theirs = try await app.createCustomer(acme.adminToken, ["name": "Maria Bianchi", "email": "mariabianchi@gmail.com"])
            let guest = try await app.createUser(in: acme, role: "guest")
            // Organization B sees nothing of A; A's guest user nothing it does not manage.
            let inOther = try await app.createCustomer(other.adminToken, ["name": "Maria Bianchi", "email": "m.a.r.i.a.bianchi@gmail.com"])
            #expect(Self.duplicates(inOther).count == 1)
            #expect(Self.duplicates(inOther).first?["id"] as? String != theirs["id"] as? String)
            let byGuest = try await app.createCustomer(guest.token, ["name": "Maria Bianchi", "email": "mariabianchi+1@gmail.com"])
            #expect(Self.duplicates(byGuest).isEmpty, "\(byGuest)")
            let byAdmin = try await app.createCustomer(acme.adminToken, ["name": "María Bianchi", "email": "maria.bianchi+2@gmail.com"])
            #expect(Set(Self.duplicates(byAdmin).compactMap { $0["id"] as? String }) == [theirs["id"] as! String, byGuest["id"] as! String])
        }
    }

    @Test func theDuplicatesPageListsPairsBestFirstForStaffOnly() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let a = try await app.createCustomer(org.adminToken, ["name": "Jim Brown", "email": "jim.brown@gmail.com", "phone": "+1 415 555 0101"])
            let b = try await app.createCustomer(org.adminToken, ["name": "James Brown", "email": "jimbrown@gmail.com"])
            let c = try await app.createCustomer(org.adminToken, ["name": "Ann Lee", "email": "ann.lee@outlook.com"])
            let d = try await app.createCustomer(org.adminToken, ["name": "Ann Lee", "email": "ann.lee+x@outlook.com"])
            try await app.createCustomer(org.adminToken, ["name": "Peter Brown", "email": "jimbrown+p@gmail.com"])

            let page = try await app.send(.GET, "/api/v1/customers/duplicates", token: org.adminToken)
            #expect(page.status == .ok, "\(page.text)")
            #expect(page["total"] as? Int == 2, "\(page.text)")
            let pairs = page.data
            let ids = pairs.map { Set([($0["a"] as? [String: Any])?["id"] as? String, ($0["b"] as? [String: Any])?["id"] as? String]) }
            #expect(ids == [Set([c["id"] as? String, d["id"] as? String]), Set([a["id"] as? String, b["id"] as? String])])
            #expect(pairs.first?["reasons"] as? [String] == ["same_name", "same_email"])
            #expect((pairs[0]["score"] as? Int ?? 0) > (pairs[1]["score"] as? Int ?? 0))

            let second = try await app.send(.GET, "/api/v1/customers/duplicates?per_page=1&page=2", token: org.adminToken)
            #expect(second.data.count == 1 && second["total"] as? Int == 2 && second["per_page"] as? Int == 1)
            let secondName = (second.data.first?["a"] as? [String: Any])?["name"] as? String
            #expect(secondName == "Jim Brown" || secondName == "James Brown", "\(second.text)")
            try await app.send(.GET, "/api/v1/customers/duplicates?per_page=101", token: org.adminToken)
                .expectProblem(.unprocessableEntity, field: "per_page")
            try await app.send(.GET, "/api/v1/customers/duplicates?page=abc", token: org.adminToken)
                .expectProblem(.unprocessableEntity, field: "page")

            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            #expect(try await app.send(.GET, "/api/v1/customers/duplicates", token: dispatcher.token).status == .ok)
            let guest = try await app.createUser(in: org, role: "guest")
            try await app.send(.GET, "/api/v1/customers/duplicates", token: guest.token).expectProblem(.forbidden)

            // The keys follow an update: another mailbox ends the pair.
            let changed = try await app.send(.PATCH, "/api/v1/customers/\(d["id"]!)", token: org.adminToken, json: ["email": "lee.ann@example.com"])
            #expect(changed.status == .ok)
            let after = try await app.send(.GET, "/api/v1/customers/duplicates", token: org.adminToken)
            #expect(after["total"] as? Int == 1, "\(after.text)")
        }
    }

    @Test func anUpsertThatCreatesNamesPossibleDuplicatesOneThatMatchesDoesNot() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let anna = try await app.createCustomer(org.adminToken, ["name": "Anna Rossi", "email": "anna.rossi@gmail.com"])
            let created = try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken,
                                             json: ["name": "Rossi, Anna", "email": "annarossi@gmail.com"])
            #expect(created.status == .created, "\(created.text)")
            #expect(Self.duplicates(created.json).map { $0["id"] as? String } == [anna["id"] as? String], "\(created.text)")
            #expect(Self.duplicates(created.json).first?["reasons"] as? [String] == ["same_name", "same_email"])
            // Intake reused the record it matched: nothing new was made, so nothing to warn of.
            let matched = try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken,
                                             json: ["name": "Anna Rossi", "email": "anna.rossi@gmail.com"])
            #expect(matched.status == .ok, "\(matched.text)")
            #expect(matched.json["possible_duplicates"] == nil, "\(matched.text)")
        }
    }

    @Test func theDuplicatesPageWalksByCursorInItsStableOrder() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            // Three pairs, each the same name and the same Gmail mailbox written with and without dots.
            for (index, (first, last)) in [("Ann", "Lee"), ("Bob", "Stone"), ("Carla", "Neri")].enumerated() {
                try await app.createCustomer(org.adminToken, ["name": "\(first) \(last)", "email": "\(first).\(last)@gmail.com",
                                                              "phone": "+1 415 555 010\(index)"])
                try await app.createCustomer(org.adminToken, ["name": "\(first) \(last)", "email": "\(first)\(last)@gmail.com"])
            }
            let whole = try await app.send(.GET, "/api/v1/customers/duplicates", token: org.adminToken)
            #expect(whole["total"] as? Int == 3, "\(whole.text)")
            #expect(whole["next_cursor"] is NSNull, "\(whole.text)")
            func key(_ pair: [String: Any]) -> String {
                [pair["a"], pair["b"]].compactMap { ($0 as? [String: Any])?["id"] as? String }.joined(separator: "/")
            }
            var walked: [String] = []
            var cursor: String? = nil
            repeat {
                let page = try await app.send(.GET, "/api/v1/customers/duplicates?per_page=1" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                              token: org.adminToken)
                #expect(page.status == .ok, "\(page.text)")
                walked += page.data.map(key)
                cursor = page["next_cursor"] as? String
            } while cursor != nil && walked.count < 10
            #expect(walked == whole.data.map(key))
            // The same list twice: the same order.
            let again = try await app.send(.GET, "/api/v1/customers/duplicates", token: org.adminToken)
            #expect(again.data.map(key) == walked)
            try await app.send(.GET, "/api/v1/customers/duplicates?cursor=bm9wZQ", token: org.adminToken)
                .expectProblem(.unprocessableEntity, field: "cursor")
        }
    }
}
