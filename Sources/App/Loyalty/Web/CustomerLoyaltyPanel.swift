import Fluent
import Foundation

/// What the customer page shows of loyalty. Guest users see the balance of the customers they manage; admins and
/// dispatchers also the points earned, the next expiry, the latest ledger entries, the rewards redeemed and the gift
/// cards, with the "Adjust points" and "Redeem" forms; agents see nothing. Read through `LoyaltyService` and
/// `GiftCardService`, as the API's routes.
struct CustomerLoyaltyPanel {
    static let latestShown = 5

    /// What was typed into one of the forms when its post was refused.
    enum Typed {
        case adjust(values: [String: String], errors: FormErrors)
        case redeem(values: [String: String], errors: FormErrors)
    }

    var summary: LoyaltySummary?
    var programOn = false
    var latest: Page<LoyaltyEntry.Public>?
    var redemptions: Page<RewardRedemption>?
    var giftCards: Page<GiftCard.Public>?
    var adjust: LoyaltyAdjustmentForm.State?
    var redeem: LoyaltyRedemptionForm.State?

    init() {}

    init(for customer: Customer, principal: Principal, organization: Organization?, database: any Database,
         typed: Typed? = nil) async throws {
        guard principal.role.allows(.seeLoyaltyBalance), let organization else { return }
        let tenant = try principal.tenant()
        let actor = Actor.user(principal.user, source: "dashboard")
        let service = LoyaltyService(database: database, tenant: tenant, organization: organization, actor: actor)
        summary = try await service.summary(of: customer)
        programOn = service.program.enabled
        guard principal.role.allows(.seeLoyalty) else { return }
        let first = PageRequest(page: 1, perPage: Self.latestShown)
        latest = try await service.entries(of: customer, first)
        redemptions = try await service.redemptions(of: customer, first)
        giftCards = try await GiftCardService(database: database, tenant: tenant, organization: organization, actor: actor)
            .list(customerID: try customer.requireID(), status: nil, PageRequest(page: 1, perPage: 20))
        guard principal.role.allows(.changeLoyalty) else { return }
        adjust = LoyaltyAdjustmentForm.State()
        if case let .adjust(values, errors)? = typed { adjust = .init(values: values, errors: errors) }
        let rewards = try await tenant.query(Reward.self, on: database).filter(\.$active == true).sort(\.$name).limit(200).all()
        redeem = LoyaltyRedemptionForm.State(rewards: rewards)
        if case let .redeem(values, errors)? = typed { redeem = .init(rewards: rewards, values: values, errors: errors) }
    }

    /// The "Loyalty" card: figures, latest entries, the forms, the rewards redeemed.
    func loyaltyCard(_ customer: Customer, csrf: String) -> HTML {
        guard let summary else { return .empty }
        let id = customer.id!
        let detailed = latest != nil
        return .section(["class": "card", "id": "loyalty", "aria-labelledby": "loyalty-title"], [
            .h2("Loyalty", id: "loyalty-title"),
            detailed && !programOn ? .p("The loyalty programme is off: orders earn no points and points cannot be redeemed.",
                                        class: "hint") : .empty,
            LoyaltyFigures.figures(summary, detailed: detailed),
            latestEntries(customerID: id),
            adjust.map { LoyaltyAdjustmentForm.form($0, customerID: id, csrf: csrf) } ?? .empty,
            programOn || !(redeem?.errors.isEmpty ?? true)
                ? redeem.map { LoyaltyRedemptionForm.form($0, customerID: id, csrf: csrf) } ?? .empty : .empty,
            rewardsRedeemed(),
        ])
    }

    private func latestEntries(customerID: UUID) -> HTML {
        guard let latest else { return .empty }
        return .group([
            .element("h3", [:], [.text("Latest entries")]),
            latest.data.isEmpty ? .p("No entries yet.", class: "muted")
                : LoyaltyEntryTable.table(latest.data, caption: "Latest loyalty entries"),
            latest.data.isEmpty ? .empty
                : .p([:], [.link("All entries (\(latest.total))", to: LoyaltyLedgerPage.path(customerID))]),
        ])
    }

    private func rewardsRedeemed() -> HTML {
        guard let redemptions, !redemptions.data.isEmpty else { return .empty }
        return .group([
            .element("h3", [:], [.text("Rewards redeemed")]),
            .ul(["class": "rewards-redeemed"], redemptions.data.map { r in
                .text("\(r.name ?? "A reward") · \(LoyaltyEntryTable.points(r.points)) · \(Formats.date(r.createdAt))")
            }),
        ])
    }

    /// The "Gift cards" card: the customer's cards, and a way to issue one for it.
    func giftCardsCard(_ customer: Customer, canIssue: Bool) -> HTML {
        guard let giftCards else { return .empty }
        let id = customer.id!.canonicalString
        return .section(["class": "card", "aria-labelledby": "gift-cards-title"], [
            .h2("Gift cards", id: "gift-cards-title"),
            giftCards.data.isEmpty ? .p("No gift cards.", class: "muted")
                : GiftCardTable.table(giftCards.data, caption: "Gift cards of \(customer.name)"),
            .div(["class": "actions"], [
                giftCards.total > giftCards.data.count
                    ? .link("All \(giftCards.total) gift cards", to: "/gift-cards?customer_id=\(id)") : .empty,
                canIssue ? .link("Issue a gift card", to: "/gift-cards?customer_id=\(id)#issue", class: "button secondary small") : .empty,
            ]),
        ])
    }

    var canChange: Bool { adjust != nil }
}
