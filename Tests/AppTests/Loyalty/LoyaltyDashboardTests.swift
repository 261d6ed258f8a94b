@testable import App
import Foundation
import Testing
import Vapor

/// The dashboard half of loyalty (issue 19) through plain forms, as a script-less browser uses them: the customer
/// page's Loyalty section and its forms, the ledger page, gift cards (the code shown once), the programme's settings
/// and the rewards catalogue; and what each role sees of them.
@Suite struct LoyaltyDashboardTests {
    private func signedIn(_ app: Application, _ email: String) async throws -> WebBrowser {
        let browser = WebBrowser(app)
        try await browser.signIn(email, testPassword)
        return browser
    }

    private func organization(_ app: Application, loyaltyOn: Bool = true) async throws -> OrgFixture {
        try await app.createOrganization("loyal", rootToken: try await app.rootToken(),
                                         settings: loyaltyOn ? ["loyalty": ["enabled": true]] : nil)
    }

    @Test func pointsAreAdjustedWithAReasonAndRedeemedFromTheCustomerPage() async throws {
        try await withTestApp { app in
            let org = try await organization(app)
            let id = try await app.createCustomer(org.adminToken, ["name": "Lola Loyal"])["id"] as? String ?? ""
            let page = "/customers/\(id)"
            let admin = try await signedIn(app, org.adminEmail)
            let first = try await admin.get(page)
            #expect(first.body.contains(#"<strong id="loyalty-balance">0 points</strong>"#))
            #expect(first.body.contains("Adjust points") && first.body.contains("No entries yet."))

            let noReason = try await admin.post(page + "/loyalty/adjustments", ["points": "40", "reason": " "])
            #expect(noReason.status == .unprocessableEntity)
            #expect(noReason.body.contains(#"<p class="field-error" id="adjust-reason-error">"#), "the error sits at the reason")
            #expect(noReason.body.contains(#"id="adjust-points" name="points" value="40""#), "what was typed is kept")
            let notANumber = try await admin.post(page + "/loyalty/adjustments", ["points": "lots", "reason": "Gift"])
            #expect(notANumber.status == .unprocessableEntity && notANumber.body.contains(#"id="adjust-points-error""#))

            let added = try await admin.post(page + "/loyalty/adjustments", ["points": "40", "reason": "Welcome <gift>"])
            #expect(added.status == .seeOther && added.location == page + "#loyalty")
            #expect(MatrixViews.flash(added) == "Points adjusted by +40: the balance is now 40 points.")
            let after = try await admin.get(page)
            #expect(after.body.contains(#"<strong id="loyalty-balance">40 points</strong>"#))
            #expect(after.body.contains("Welcome &lt;gift&gt;") && after.body.contains(">+40<"), "the entry, escaped")
            #expect(after.body.contains(#"href="/customers/\#(id)/loyalty">All entries (1)"#))

            let tooMuch = try await admin.post(page + "/loyalty/adjustments", ["points": "-100", "reason": "Oops"])
            #expect(tooMuch.status == .conflict && tooMuch.body.contains(#"id="adjust-points-error""#))

            let spent = try await admin.post(page + "/loyalty/redemptions", ["points": "15", "reward_id": ""])
            #expect(MatrixViews.flash(spent) == "Redeemed 15 points: the balance is now 25 points.")
            let reward = try await app.send(.POST, "/api/v1/rewards", token: org.adminToken, json: ["name": "Mug", "points_cost": 10])
            let rewardID = try #require(reward["id"] as? String)
            #expect(try await admin.get(page).body.contains(#"<option value="\#(rewardID)">Mug (10 points)</option>"#))
            let mug = try await admin.post(page + "/loyalty/redemptions", ["reward_id": rewardID, "points": ""])
            #expect(MatrixViews.flash(mug) == "Redeemed Mug for 10 points: the balance is now 15 points.")
            let both = try await admin.post(page + "/loyalty/redemptions", ["reward_id": rewardID, "points": "5"])
            #expect(both.status == .unprocessableEntity && both.body.contains(#"id="redeem-points-error""#))
            let broke = try await admin.post(page + "/loyalty/redemptions", ["points": "500"])
            #expect(broke.status == .conflict && broke.body.contains("is too low"))
            #expect(try await admin.get(page).body.contains("Rewards redeemed"))

            // The whole ledger, paged by the query string.
            let ledger = try await admin.get(page + "/loyalty?per_page=2&page=2")
            #expect(ledger.status == .ok && ledger.body.contains("Page 2 of 2") && ledger.body.contains("Welcome &lt;gift&gt;"))
            #expect(!(try await admin.get(page + "/loyalty?per_page=2")).body.contains("Welcome &lt;gift&gt;"), "newest first")
        }
    }

    @Test func guestUsersSeeOnlyTheBalanceAndAgentsNothing() async throws {
        try await withTestApp { app in
            let org = try await organization(app)
            let guest = try await app.createUser(in: org, role: "guest")
            let agent = try await app.createUser(in: org, role: "agent")
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let id = try await app.createCustomer(org.adminToken, ["name": "Gina Guarded", "managed_by": guest.id])["id"] as? String ?? ""
            _ = try await app.send(.POST, "/api/v1/customers/\(id)/loyalty/adjustments", token: org.adminToken,
                                   json: ["points": 70, "reason": "secret-reason-1"])

            let guestBrowser = try await signedIn(app, guest.email)
            let seen = try await guestBrowser.get("/customers/\(id)")
            #expect(seen.status == .ok && seen.body.contains(#"<strong id="loyalty-balance">70 points</strong>"#))
            for hidden in ["Lifetime earned", "secret-reason-1", "Adjust points", "Gift cards", "/loyalty/redemptions"] {
                #expect(!seen.body.contains(hidden), "a guest user sees \(hidden)")
            }
            #expect(try await guestBrowser.get("/customers/\(id)/loyalty").status == .forbidden)
            #expect(try await guestBrowser.post("/customers/\(id)/loyalty/adjustments", ["points": "5", "reason": "x"]).status == .forbidden)
            #expect(try await guestBrowser.get("/gift-cards").status == .forbidden)

            let agentBrowser = try await signedIn(app, agent.email)
            #expect(!(try await agentBrowser.get("/customers")).body.contains(#"href="/gift-cards""#))
            for path in ["/gift-cards", "/rewards", "/customers/\(id)/loyalty"] {
                #expect(try await agentBrowser.get(path).status == .forbidden, "agent \(path)")
            }

            let staff = try await signedIn(app, dispatcher.email)
            let full = try await staff.get("/customers/\(id)")
            #expect(full.body.contains("Lifetime earned") && full.body.contains("secret-reason-1") && full.body.contains("Adjust points"))
            #expect(full.body.contains(#"<a href="/gift-cards">Gift cards</a>"#), "the navigation links gift cards")
        }
    }

    @Test func aGiftCardsCodeIsShownOnceThenFoundRedeemedAndDisabled() async throws {
        try await withTestApp { app in
            let org = try await organization(app)
            let customer = try await app.createCustomer(org.adminToken, ["name": "Cara Card"])["id"] as? String ?? ""
            let admin = try await signedIn(app, org.adminEmail)
            let form = try await admin.get("/gift-cards?customer_id=\(customer)")
            #expect(form.body.contains(#"name="customer_id" value="\#(customer)""#), "the issue form takes the customer")

            let bad = try await admin.post("/gift-cards", ["initial_balance": "lots", "customer_id": customer])
            #expect(bad.status == .unprocessableEntity && bad.body.contains(#"id="issue-initial-balance-error""#))

            let issued = try await admin.post("/gift-cards", ["initial_balance": "50.00", "customer_id": customer, "note": "Birthday"])
            #expect(issued.status == .ok && issued.body.contains("it will not be shown again"))
            let start = try #require(issued.body.range(of: #"id="gift-card-code">"#))
            let groups = issued.body[start.upperBound...].prefix(19).split(separator: " ").map(String.init)
            #expect(groups.count == 4 && groups.allSatisfy { $0.count == 4 }, "shown grouped by four: \(groups)")
            let shown = (groups[0], groups[1], groups[2], groups[3])
            let code = groups.joined()
            let cards = try await app.send(.GET, "/api/v1/gift-cards", token: org.adminToken)
            let id = try #require(cards.data.first?["id"] as? String)
            #expect(cards.data.first?["customer_id"] as? String == customer)

            let list = try await admin.get("/gift-cards")
            let card = try await admin.get("/gift-cards/\(id)")
            let customerPage = try await admin.get("/customers/\(customer)")
            for later in [list, card, customerPage] {
                #expect(!later.body.contains(code) && !later.body.contains(String(shown.0) + " " + String(shown.1)), "the code is shown again")
                #expect(later.body.contains("Card ending \(shown.3)"))
            }

            let found = try await admin.post("/gift-cards/lookup", ["code": "\(shown.0)-\(shown.1) \(shown.2)\(shown.3)".lowercased()])
            #expect(found.status == .seeOther && found.location == "/gift-cards/\(id)")
            let missing = try await admin.post("/gift-cards/lookup", ["code": "AAAA BBBB CCCC DDDD"])
            #expect(missing.status == .notFound && missing.body.contains("No gift card has this code."))

            let redeemed = try await admin.post("/gift-cards/\(id)/redemptions", ["amount": "20.00", "order_id": ""])
            #expect(redeemed.status == .seeOther && MatrixViews.flash(redeemed).hasPrefix("Redeemed 20.00"), "\(MatrixViews.flash(redeemed))")
            #expect(MatrixViews.flash(redeemed).contains("30.00"))
            let over = try await admin.post("/gift-cards/\(id)/redemptions", ["amount": "100.00"])
            #expect(over.status == .conflict && over.body.contains(#"id="redeem-amount-error""#))
            #expect(try await admin.get("/gift-cards/\(id)").body.contains("Redeem"))

            let confirm = try await admin.get("/gift-cards/\(id)/disable")
            #expect(confirm.status == .ok && confirm.body.contains("Yes, disable the card") && confirm.body.contains("30.00"))
            let disabled = try await admin.post("/gift-cards/\(id)/disable", [:])
            #expect(disabled.status == .seeOther && MatrixViews.flash(disabled) == "Card ending \(shown.3) is disabled.")
            let after = try await admin.get("/gift-cards/\(id)")
            #expect(after.body.contains(#"<span class="status cancelled">Disabled</span>"#) && !after.body.contains("/redemptions"))
            // (The rows by their ids: the test browser keeps an expired flash cookie, which names the card too.)
            #expect(try await admin.get("/gift-cards?status=disabled").body.contains(#"id="card-\#(id)""#))
            #expect(!(try await admin.get("/gift-cards?status=active")).body.contains(#"id="card-\#(id)""#))
            #expect(try await admin.get("/gift-cards?status=lost").body.contains(#"role="alert""#))
        }
    }

    @Test func theProgrammeIsSavedFromTheSettingsPageAndTheRewardsCatalogueIsAdminsToChange() async throws {
        try await withTestApp { app in
            let org = try await organization(app, loyaltyOn: false)
            let admin = try await signedIn(app, org.adminEmail)
            #expect(try await admin.get("/settings").body.contains("Loyalty programme"))
            let wrong = try await admin.post("/settings/loyalty", ["enabled": "true", "points_per_unit": "abc", "signup_bonus": "-5",
                                                                    "birthday_bonus": "0", "expiry_days": "", "point_value": "0.01"])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.contains(#"id="loyalty-signup-bonus-error""#) && wrong.body.contains(#"id="loyalty-points-per-unit-error""#))
            #expect(wrong.body.contains(#"id="loyalty-signup-bonus" name="signup_bonus" value="-5""#))

            let saved = try await admin.post("/settings/loyalty", ["enabled": "true", "points_per_unit": "2.5", "signup_bonus": "100",
                                                                    "birthday_bonus": "50", "expiry_days": "365", "point_value": "0.02"])
            #expect(saved.status == .seeOther && MatrixViews.flash(saved) == "Loyalty programme saved.")
            let settings = try await app.send(.GET, "/api/v1/organizations/\(org.id)", token: org.adminToken)
            let loyalty = (settings["settings"] as? [String: Any])?["loyalty"] as? [String: Any]
            #expect(loyalty?["enabled"] as? Bool == true && loyalty?["points_per_unit"] as? String == "2.5")
            #expect(loyalty?["signup_bonus"] as? Int == 100 && loyalty?["expiry_days"] as? Int == 365 && loyalty?["point_value"] as? String == "0.02")
            let never = try await admin.post("/settings/loyalty", ["enabled": "true", "points_per_unit": "2.5", "signup_bonus": "100",
                                                                    "birthday_bonus": "50", "expiry_days": " ", "point_value": "0.02"])
            #expect(never.status == .seeOther)
            let again = try await app.send(.GET, "/api/v1/organizations/\(org.id)", token: org.adminToken)
            #expect(((again["settings"] as? [String: Any])?["loyalty"] as? [String: Any])?["expiry_days"] is NSNull, "empty: never")

            let unnamed = try await admin.post("/rewards", ["name": "", "points_cost": "100", "return_to": "/settings"])
            #expect(unnamed.status == .unprocessableEntity && unnamed.body.contains(#"id="new-reward-name-error""#))
            let added = try await admin.post("/rewards", ["name": "Free delivery", "points_cost": "200", "return_to": "/settings"])
            #expect(added.status == .seeOther && added.location == "/settings#rewards")
            let rewards = try await app.send(.GET, "/api/v1/rewards", token: org.adminToken)
            let reward = try #require(rewards.data.first?["id"] as? String)
            let off = try await admin.post("/rewards/\(reward)", ["active": "false", "return_to": "/rewards"])
            #expect(MatrixViews.flash(off) == "Reward “Free delivery” saved: 200 points, inactive.")
            let edited = try await admin.post("/rewards/\(reward)", ["edit": "true", "name": "Free delivery+", "points_cost": "150",
                                                                      "active": "true", "return_to": "/rewards"])
            #expect(MatrixViews.flash(edited) == "Reward “Free delivery+” saved: 150 points, active.")

            let dispatcher = try await signedIn(app, try await app.createUser(in: org, role: "dispatcher").email)
            let view = try await dispatcher.get("/rewards")
            #expect(view.status == .ok && view.body.contains("Free delivery+") && !view.body.contains("Add reward"))
            #expect(try await dispatcher.post("/rewards", ["name": "Sneaky", "points_cost": "1"]).status == .forbidden)
            #expect(try await dispatcher.post("/settings/loyalty", ["enabled": "false"]).status == .forbidden)
            #expect(try await dispatcher.get("/settings").status == .forbidden)
        }
    }
}
