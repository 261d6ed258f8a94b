@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Issue 22, item 3: a merge moves every kind of record to the kept one and recounts; its undo puts every one back.
@Suite struct MergeAndUndoTests {
    @Test func aMergeMovesEveryKindOfRecordAndItsUndoRestoresEachExactly() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let before = (kept: try await w.customer(w.kept), removed: try await w.customer(w.removed))
            let lists = ["orders", "tasks", "addresses", "notifications", "timeline"]
            var keptLists: [String: Set<String>] = [:]
            var removedLists: [String: Set<String>] = [:]
            for list in lists {
                keptLists[list] = try await w.ids(w.kept, list)
                removedLists[list] = try await w.ids(w.removed, list)
            }
            #expect(removedLists["notifications"]?.isEmpty == false, "the task made notifications")
            let keptEntries = try await w.loyalty.entries(w.kept).count
            let removedEntries = try await w.loyalty.entries(w.removed).count

            let merged = try await w.merge(["into": w.kept, "from": [w.removed], "fields": ["email": w.removed]])
            #expect(merged.status == .ok, "\(merged.text)")
            let merge = try #require(merged["merge"] as? [String: Any])
            let mergeID = try #require(merge["id"] as? String)
            #expect(merge["into"] as? String == w.kept)
            #expect(merge["from"] as? [String] == [w.removed])
            #expect(merge["undo_until"] is String && merge["created_at"] is String)
            let moved = try #require(merge["moved"] as? [String: Int])
            #expect(moved["orders"] == 2 && moved["tasks"] == 1 && moved["addresses"] == 2 && moved["gift_cards"] == 1)
            let customer = try #require(merged["customer"] as? [String: Any])
            #expect(customer["email"] as? String == "ann.dup@example.com", "chosen")
            #expect(customer["phone"] as? String == "+12025550111", "the kept record had none: the first non-empty")
            #expect(customer["company"] as? String == "Dup Co")
            #expect(customer["name"] as? String == "Ann Kept", "the kept record's")
            #expect(customer["tags"] as? [String] == ["vip", "late"], "the union, each once")
            #expect(customer["total_orders"] as? Int == 3)
            #expect(customer["total_spent"] as? String == "55.00")
            // Two sign-up bonuses (10 + 10), 20 + 30 + 5 earned, 7 adjusted.
            #expect(customer["loyalty_points"] as? Int == 82)
            #expect(try await w.loyalty.balance(w.kept) == 82)
            #expect(try await w.loyalty.entries(w.kept).count == keptEntries + removedEntries)
            #expect(try await w.customer(w.removed).status == .notFound)
            for list in lists {
                let now = try await w.ids(w.kept, list)
                #expect(now.isSuperset(of: keptLists[list]!.union(removedLists[list]!)), "\(list) moved")
                if list != "timeline" { #expect(now == keptLists[list]!.union(removedLists[list]!), "\(list)") }
            }
            #expect(try await w.giftCardOwner() == w.kept)
            let addresses = try await app.send(.GET, "/api/v1/customers/\(w.kept)/addresses", token: w.token).data
            #expect(addresses.filter { $0["is_default"] as? Bool == true }.compactMap { $0["id"] as? String } == [w.keptAddress])
            let timeline = try await app.send(.GET, "/api/v1/customers/\(w.kept)/timeline?per_page=100", token: w.token).data
            #expect(timeline.contains { $0["type"] as? String == "merged" })
            try await w.checkTotalsEqualRecount()
            try await w.loyalty.checkLedgerInvariant()
            if TestDatabase.isPostgres { try await expectTrigramPostingsMatchCustomers(try app.db.sql) }

            let undone = try await w.undo(mergeID)
            #expect(undone.status == .ok, "\(undone.text)")
            #expect((undone["merge"] as? [String: Any])?["undone_at"] is String)
            #expect((undone["restored"] as? [[String: Any]])?.first?["id"] as? String == w.removed)
            let after = (kept: try await w.customer(w.kept), removed: try await w.customer(w.removed))
            #expect(after.removed.status == .ok, "\(after.removed.text)")
            for key in ["name", "email", "phone", "company", "tags", "total_orders", "total_spent", "loyalty_points", "created_at",
                        "first_order_at", "last_order_at"] {
                #expect(String(describing: after.kept[key]) == String(describing: before.kept[key]), "kept \(key)")
                #expect(String(describing: after.removed[key]) == String(describing: before.removed[key]), "removed \(key)")
            }
            for list in lists {
                #expect(try await w.ids(w.removed, list).isSuperset(of: removedLists[list]!), "\(list) back")
                if list != "timeline" {
                    #expect(try await w.ids(w.kept, list) == keptLists[list]!, "\(list) of the kept record")
                    #expect(try await w.ids(w.removed, list) == removedLists[list]!, "\(list) of the restored record")
                }
            }
            #expect(try await w.giftCardOwner() == w.removed)
            let restoredAddresses = try await app.send(.GET, "/api/v1/customers/\(w.removed)/addresses", token: w.token).data
            #expect(restoredAddresses.filter { $0["is_default"] as? Bool == true }.compactMap { $0["id"] as? String } == [w.removedAddresses[0]])
            #expect(try await w.loyalty.entries(w.removed).count == removedEntries)
            try await w.checkTotalsEqualRecount()
            try await w.loyalty.checkLedgerInvariant()
            // The restored record is found by search again, and counted.
            let found = try await app.send(.GET, "/api/v1/customers?q=dup@example", token: w.token)
            #expect(found.data.compactMap { $0["id"] as? String } == [w.removed], "\(found.text)")
            if TestDatabase.isPostgres { try await expectTrigramPostingsMatchCustomers(try app.db.sql) }

            let again = try await w.undo(mergeID)
            again.expectProblem(.conflict)
            let read = try await app.send(.GET, "/api/v1/customers/merges/\(mergeID)", token: w.token)
            #expect(read["can_undo"] as? Bool == false && read["undone_at"] is String, "\(read.text)")
        }
    }

    @Test func anOrderPlacedOnTheKeptRecordAfterTheMergeStaysWithItOnUndo() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let merged = try await w.merge(["into": w.kept, "from": [w.removed]])
            let mergeID = try #require((merged["merge"] as? [String: Any])?["id"] as? String, "\(merged.text)")
            let later = try await w.loyalty.order(["customer_id": w.kept, "amount": "12.50", "payment_status": "paid"])
            let laterID = try #require(later["id"] as? String)
            // Spending after the merge may take the removed record's points: the undo gives them back and the kept record pays.
            #expect(try await w.loyalty.redeem(w.kept, ["points": 40]).status == .created)
            let undone = try await w.undo(mergeID)
            #expect(undone.status == .ok, "\(undone.text)")
            #expect(try await w.ids(w.kept, "orders").contains(laterID))
            let kept = try await w.customer(w.kept)
            #expect(kept["total_orders"] as? Int == 2 && kept["total_spent"] as? String == "32.50", "\(kept.text)")
            let removed = try await w.customer(w.removed)
            #expect(removed["total_orders"] as? Int == 2 && removed["total_spent"] as? String == "35.00", "\(removed.text)")
            // K: 10 + 20 + 12 − 40; B: 10 + 30 + 5 + 7.
            #expect(try await w.loyalty.balance(w.kept) == 2)
            #expect(try await w.loyalty.balance(w.removed) == 52)
            try await w.checkTotalsEqualRecount()
            try await w.loyalty.checkLedgerInvariant()
        }
    }

    @Test func undoWorksAfterANewCustomerTookTheRemovedRecordsPlaceInTheTable() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            // The removed record was the newest: on SQLite a customer created after the merge gets its row number.
            let merged = try await w.merge(["into": w.kept, "from": [w.removed]])
            let mergeID = try #require((merged["merge"] as? [String: Any])?["id"] as? String, "\(merged.text)")
            let later = try await w.loyalty.customer(["name": "Later Person", "email": "later@example.com"])
            let undone = try await w.undo(mergeID)
            #expect(undone.status == .ok, "\(undone.text)")
            #expect(try await w.customer(w.removed)["name"] as? String == "Ann Dup")
            #expect(try await w.customer(later)["name"] as? String == "Later Person")
            for term in ["Dup", "Later"] {
                let found = try await app.send(.GET, "/api/v1/customers?q=\(term)", token: w.token)
                #expect(found.data.count == 1, "\(term): \(found.text)")
            }
        }
    }

    @Test func aPreviewAnswersTheResultAndWritesNothing() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let before = [try await w.customer(w.kept).text, try await w.customer(w.removed).text]
            let orders = try await w.ids(w.kept, "orders")
            let preview = try await w.merge(["into": w.kept, "from": [w.removed], "fields": ["name": w.removed]], preview: true)
            #expect(preview.status == .ok, "\(preview.text)")
            #expect(preview["preview"] as? Bool == true)
            let customer = try #require(preview["customer"] as? [String: Any])
            #expect(customer["name"] as? String == "Ann Dup")
            #expect(customer["total_orders"] as? Int == 3 && customer["loyalty_points"] as? Int == 82)
            #expect((preview["moved"] as? [String: Int])?["orders"] == 2)
            #expect([try await w.customer(w.kept).text, try await w.customer(w.removed).text] == before, "nothing changed")
            #expect(try await w.ids(w.kept, "orders") == orders)
            #expect(try await app.send(.GET, "/api/v1/customers/merges", token: w.token)["total"] as? Int == 0)
            let count = try await w.sql.raw("SELECT COUNT(*) AS n FROM customer_merges").first()
            #expect(try count?.decode(column: "n", as: Int.self) == 0)
        }
    }

    @Test func uniqueValuesHoldThroughMergeAndUndo() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let merged = try await w.merge(["into": w.kept, "from": [w.removed], "fields": ["email": w.removed]])
            let mergeID = try #require((merged["merge"] as? [String: Any])?["id"] as? String, "\(merged.text)")
            // The kept record holds the chosen email now; the phone it took from the removed record too.
            let taken = try await app.send(.POST, "/api/v1/customers", token: w.token, json: ["name": "Other", "email": "ann.dup@example.com"])
            taken.expectProblem(.conflict, field: "email")
            // The kept record's own email was freed; someone takes it: the undo cannot give it back, and changes nothing.
            let other = try await app.createCustomer(w.token, ["name": "Someone Else", "email": "ann@kept.example"])
            let refused = try await w.undo(mergeID)
            refused.expectProblem(.conflict)
            #expect(try await w.customer(w.removed).status == .notFound, "no partial write")
            #expect(try await w.customer(w.kept)["email"] as? String == "ann.dup@example.com")
            #expect(try await app.send(.DELETE, "/api/v1/customers/\(other["id"] as? String ?? "")", token: w.token).status == .noContent)
            let undone = try await w.undo(mergeID)
            #expect(undone.status == .ok, "\(undone.text)")
            #expect(try await w.customer(w.kept)["email"] as? String == "ann@kept.example")
            #expect(try await w.customer(w.removed)["email"] as? String == "ann.dup@example.com")
        }
    }

    @Test func undoEndsThirtyDaysAfterTheMerge() async throws {
        try await withTestApp { app in
            let w = try await MergeWorld.make(app)
            let merged = try await w.merge(["into": w.kept, "from": [w.removed]])
            let mergeID = try #require((merged["merge"] as? [String: Any])?["id"] as? String, "\(merged.text)")
            let old = Date().addingTimeInterval(-31 * 24 * 3600)
            try await w.sql.raw("UPDATE customer_merges SET created_at = \(bind: old)").run()
            let late = try await w.undo(mergeID)
            late.expectProblem(.conflict)
            #expect((late["detail"] as? String)?.contains("30 days") == true, "\(late.text)")
            #expect(try await w.customer(w.removed).status == .notFound)
        }
    }
}
