@testable import App
import Foundation
import Testing
import Vapor

/// Issue 22, item 3: a merge keeps a record's customer-account link (and its undo gives it back); two records linked to
/// two different accounts are not merged.
@Suite struct MergeAccountTests {
    @Test func aLinkMovesToTheKeptRecordAndTwoDifferentAccountsAreAConflict() async throws {
        try await withTestApp(adjust: { $0.accountEmails.perAddress = 10_000 }) { app in
            let w = try await MergeWorld.make(app)
            let accounts = AccountWorld(app: app, smtp: nil)
            for email in ["ann@kept.example", "ann.dup@example.com"] {
                let token = try await accounts.verifiedAccount(email)
                #expect(try await accounts.join(token, "merging").status.code < 300)
            }
            let refused = try await w.merge(["into": w.kept, "from": [w.removed]])
            refused.expectProblem(.conflict, field: "from[0]")
            #expect((refused["detail"] as? String)?.contains("different customer accounts") == true, "\(refused.text)")
            #expect(try await w.customer(w.removed).status == .ok, "nothing merged")

            let plain = try await w.loyalty.customer(["name": "Dee Plain"])
            let dee = try await accounts.verifiedAccount("dee@example.com")
            #expect(try await accounts.join(dee, "merging").status.code < 300)
            let linked = try #require(try await accounts.record(w.loyalty.org, email: "dee@example.com")["id"] as? String)
            let merged = try await w.merge(["into": plain, "from": [linked]])
            #expect(merged.status == .ok, "\(merged.text)")
            #expect(((merged["customer"] as? [String: Any])?["account"] as? [String: Any])?["linked"] as? Bool == true, "\(merged.text)")
            let mergeID = try #require((merged["merge"] as? [String: Any])?["id"] as? String)
            #expect(try await w.undo(mergeID).status == .ok)
            #expect((try await w.customer(linked)["account"] as? [String: Any])?["linked"] as? Bool == true)
            #expect((try await w.customer(plain)["account"] as? [String: Any])?["linked"] as? Bool != true)
        }
    }
}
