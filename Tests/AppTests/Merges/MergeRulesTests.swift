@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Issue 22, item 3: what a merge refuses — bad bodies (422 naming the field), other organizations' records (404),
/// a record another merge took (409) — and what erasure leaves of a merge.
@Suite struct MergeRulesTests {
    @Test func eachProblemOfTheBodyIsA422NamingItsField() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let cases: [([String: Any], String)] = [
                (["from": [w.removed]], "into"),
                (["into": "nope", "from": [w.removed]], "into"),
                (["into": w.kept], "from"),
                (["into": w.kept, "from": []], "from"),
                (["into": w.kept, "from": (0..<11).map { _ in UUID().uuidString }], "from"),
                (["into": w.kept, "from": [w.kept]], "from[0]"),
                (["into": w.kept, "from": [w.removed, "x"]], "from[1]"),
                (["into": w.kept, "from": [w.removed, w.removed]], "from[1]"),
                (["into": w.kept, "from": [w.removed], "fields": ["shoe_size": w.kept]], "fields.shoe_size"),
                (["into": w.kept, "from": [w.removed], "fields": ["email": UUID().uuidString]], "fields.email"),
            ]
            for (body, field) in cases {
                let response = try await w.merge(body)
                response.expectProblem(.unprocessableEntity, field: field)
            }
            let malformed = try await app.send(.POST, "/api/v1/customers/merge", token: w.token, json: "{\"into\": ")
            #expect(malformed.status == .badRequest)
            #expect(try await w.customer(w.removed).status == .ok, "nothing merged")
        }
    }

    @Test func anotherOrganizationsRecordsAndMergesAreNotFound() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let other = try await app.createOrganization("other", rootToken: try await app.rootToken())
            let theirs = try await app.createCustomer(other.adminToken, ["name": "Their Ann"])["id"] as? String ?? ""
            try await w.merge(["into": w.kept, "from": [w.removed]], token: other.adminToken).expectProblem(.notFound)
            let mixed = try await w.merge(["into": theirs, "from": [w.removed]], token: other.adminToken)
            mixed.expectProblem(.notFound, field: "from[0]")
            try await w.merge(["into": w.kept, "from": [theirs]]).expectProblem(.notFound, field: "from[0]")
            let merged = try await w.merge(["into": w.kept, "from": [w.removed]])
            let mergeID = try #require((merged["merge"] as? [String: Any])?["id"] as? String, "\(merged.text)")
            #expect(try await app.send(.GET, "/api/v1/customers/merges/\(mergeID)", token: other.adminToken).status == .notFound)
            try await app.send(.POST, "/api/v1/customers/merges/\(mergeID)/undo", token: other.adminToken).expectProblem(.notFound)
            #expect(try await app.send(.GET, "/api/v1/customers/merges", token: other.adminToken)["total"] as? Int == 0)
            let listed = try await app.send(.GET, "/api/v1/customers/merges?customer_id=\(w.removed)", token: w.token)
            #expect(listed.data.compactMap { $0["id"] as? String } == [mergeID], "\(listed.text)")
            // An agent merges nothing.
            let agent = try await app.createUser(in: w.loyalty.org, role: "agent")
            try await w.merge(["into": w.kept, "from": [w.removed]], token: agent.token).expectProblem(.forbidden)
        }
    }

    @Test func twoConcurrentMergesOfTheSameRecordOneWinsTheOtherIsAConflict() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            for round in 0..<3 {
                let a = try await w.loyalty.customer(["name": "A \(round)"])
                let b = try await w.loyalty.customer(["name": "B \(round)"])
                let shared = try await w.loyalty.customer(["name": "Shared \(round)", "email": "shared\(round)@example.com"])
                async let first = w.merge(["into": a, "from": [shared]])
                async let second = w.merge(["into": b, "from": [shared]])
                let statuses = [try await first, try await second].map(\.status)
                #expect(statuses.filter { $0 == .ok }.count == 1, "\(statuses)")
                #expect(statuses.filter { $0 == .conflict }.count == 1, "\(statuses)")
            }
            let merges = try await app.send(.GET, "/api/v1/customers/merges", token: w.token)
            #expect(merges["total"] as? Int == 3)
            // Page by page through the cursor: each merge once, newest first.
            var seen: [String] = []
            var path = "/api/v1/customers/merges?per_page=2"
            while true {
                let page = try await app.send(.GET, path, token: w.token)
                seen += page.data.compactMap { $0["id"] as? String }
                guard let cursor = page["next_cursor"] as? String else { break }
                path = "/api/v1/customers/merges?per_page=2&cursor=\(cursor)"
            }
            #expect(seen == merges.data.compactMap { $0["id"] as? String } && seen.count == 3)
            try await w.checkTotalsEqualRecount()
        }
    }

    @Test func erasingAPersonErasesTheMergesSnapshotsOfThem() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let merged = try await w.merge(["into": w.kept, "from": [w.removed]])
            let mergeID = try #require((merged["merge"] as? [String: Any])?["id"] as? String, "\(merged.text)")
            let read = try await app.send(.GET, "/api/v1/customers/merges/\(mergeID)", token: w.token)
            #expect((read["removed"] as? [[String: Any]])?.first?["email"] as? String == "ann.dup@example.com", "\(read.text)")
            let erased = try await app.send(.POST, "/api/v1/customers/\(w.kept)/erase", token: w.token, json: ["reason": "asked"])
            #expect(erased.status == .ok, "\(erased.text)")
            let after = try await app.send(.GET, "/api/v1/customers/merges/\(mergeID)", token: w.token)
            #expect((after["removed"] as? [[String: Any]])?.isEmpty == true, "\(after.text)")
            #expect(after["can_undo"] as? Bool == false)
            #expect(!after.text.contains("ann.dup") && !after.text.contains("Ann Dup") && !after.text.contains("2025550111"))
            let rows = try await w.sql.raw("SELECT snapshot FROM customer_merge_sources").all()
            #expect(try rows.allSatisfy { try $0.decode(column: "snapshot", as: String?.self) == nil })
            let kept = try await w.sql.raw("SELECT kept_before FROM customer_merges").all()
            #expect(try kept.allSatisfy { try $0.decode(column: "kept_before", as: String?.self) == nil })
            try await w.undo(mergeID).expectProblem(.conflict)
        }
    }

    @Test func mergesIntoTheSameRecordAreUndoneLastFirst() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let third = try await w.loyalty.customer(["name": "Ann Third", "email": "ann.third@example.com"])
            let first = try await w.merge(["into": w.kept, "from": [w.removed], "fields": ["email": w.removed]])
            let firstID = try #require((first["merge"] as? [String: Any])?["id"] as? String, "\(first.text)")
            let second = try await w.merge(["into": w.kept, "from": [third], "fields": ["email": third]])
            let secondID = try #require((second["merge"] as? [String: Any])?["id"] as? String, "\(second.text)")
            let early = try await w.undo(firstID)
            early.expectProblem(.conflict)
            #expect((early["detail"] as? String)?.contains(secondID) == true, "\(early.text)")
            #expect(try await w.undo(secondID).status == .ok)
            #expect(try await w.customer(w.kept)["email"] as? String == "ann.dup@example.com")
            #expect(try await w.undo(firstID).status == .ok)
            #expect(try await w.customer(w.kept)["email"] as? String == "ann@kept.example")
            #expect(try await w.customer(third)["email"] as? String == "ann.third@example.com")
            #expect(try await w.customer(w.removed)["email"] as? String == "ann.dup@example.com")
            try await w.checkTotalsEqualRecount()
            try await w.loyalty.checkLedgerInvariant()
        }
    }
}
