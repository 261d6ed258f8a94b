import ClienteleStore
import Fluent
import Foundation
import SQLKit
import Vapor

/// Issuing, finding, redeeming and disabling gift cards. A redemption is one conditional `UPDATE` (enough balance,
/// not disabled, not expired), so concurrent redemptions never overspend; every change writes a history line in the
/// same transaction.
struct GiftCardService {
    let database: any Database
    let tenant: Tenant
    let organization: Organization
    let actor: Actor

    var today: CalendarDate { CalendarDate(Date(), in: TimeZone(identifier: organization.timezone) ?? .gmt) }

    static func codeHash(_ code: String, organizationID: UUID) -> String {
        TokenService.hash("gift-card:\(organizationID.canonicalString):\(code)")
    }

    /// A required positive amount in minor units (0 with an error when missing or malformed).
    static func amount(_ text: String?, _ field: String, example: String, _ v: inout Validator) -> Int64 {
        guard let text else { v.add(field, "is required"); return 0 }
        guard let minor = OrderRules.minorUnits(text), minor > 0 else {
            v.add(field, "must be a positive amount with at most two decimals, like \"\(example)\"")
            return 0
        }
        return minor
    }

    func issue(_ input: GiftCard.Input) async throws -> GiftCard.Public {
        var v = Validator()
        let initial = Self.amount(input.initialBalance, "initial_balance", example: "50.00", &v)
        var expiresOn: String?
        if let text = input.expiresOn {
            if let day = CalendarDate(text) {
                if day < today { v.add("expires_on", "must not be in the past") } else { expiresOn = day.description }
            } else {
                v.add("expires_on", "must be a date, YYYY-MM-DD")
            }
        }
        let note = input.note.flatMap { v.text($0, "note", max: 500) }
        try v.check()
        if let customerID = input.customerID, try await tenant.find(Customer.self, id: customerID, on: database) == nil {
            throw Problem.invalid("customer_id", "no customer of this organization has this id")
        }
        let now = Date()
        let card = GiftCard()
        card.organizationID = tenant.organizationID
        card.currency = organization.currency
        card.initialMinor = initial
        card.balanceMinor = initial
        card.customerID = input.customerID
        card.expiresOn = expiresOn
        card.note = note
        card.createdByID = actor.userID
        card.createdAt = now
        card.updatedAt = now
        // 80 random bits: a clash is all but impossible, and answered by drawing again.
        for attempt in 1...3 {
            let code = GiftCardCode.make()
            card.id = UUID.timeOrdered()
            card.codeHash = Self.codeHash(code, organizationID: tenant.organizationID)
            card.codeLast4 = GiftCardCode.last4(code)
            do {
                let actor = self.actor
                try await WriteTransaction.run(on: database) { db in
                    try await card.create(on: db)
                    try await GiftCardTransaction(organizationID: card.organizationID, giftCardID: card.id!, kind: "issue",
                                                  amountMinor: initial, balanceAfter: initial, actor: actor, createdAt: now)
                        .insertRow().run(on: db)
                }
                return card.asPublic(today: today, code: code)
            } catch let error as any DatabaseError where error.isConstraintFailure && attempt < 3 {
                card._$id.exists = false
                continue
            }
        }
        throw Problem.conflict("Could not draw a unique code; try again")
    }

    func list(customerID: UUID?, status: GiftCardStatus?, _ page: PageRequest) async throws -> Page<GiftCard.Public> {
        let query = tenant.query(GiftCard.self, on: database)
        if let customerID { query.filter(\.$customerID == customerID) }
        if let status { query.filter(.sql(embed: status.condition(today: today))) }
        let today = self.today
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return Page(result.items.map { $0.asPublic(today: today) }, total: result.total, nextCursor: result.nextCursor, request: page)
    }

    func require(_ id: UUID) async throws -> GiftCard {
        try await tenant.require(GiftCard.self, id: id, on: database, what: "gift card")
    }

    func show(_ id: UUID) async throws -> GiftCard.Public {
        let card = try await require(id)
        return card.asPublic(today: today, history: try await history(of: card))
    }

    func history(of card: GiftCard) async throws -> [GiftCardTransaction.Public] {
        try await Self.history(of: card, on: database)
    }

    /// A card's history: newest first with at most 1,000 lines (a card's history is short, one line per use) for the
    /// API; all of it, oldest first, for the personal-data export (`complete`).
    static func history(of card: GiftCard, complete: Bool = false, on database: any Database) async throws -> [GiftCardTransaction.Public] {
        try await SQLRows.all("""
            SELECT \(unsafeRaw: GiftCardTransaction.columns) FROM gift_card_transactions
            WHERE organization_id = \(bind: card.organizationID) AND gift_card_id = \(bind: card.requireID())
            """ + (complete ? " ORDER BY seq" : " ORDER BY seq DESC LIMIT 1000"), on: try database.sql).map(GiftCardTransaction.Public.init(row:))
    }

    /// The card with this code (case, spaces and dashes ignored), or 404. Every miss counts against the caller and its
    /// address (`LoginThrottle`): 429 after too many.
    func lookup(_ input: GiftCard.LookupInput, client: String, limits: LoginLimits) async throws -> GiftCard.Public {
        guard let typed = input.code else { throw Problem.invalid("code", "is required") }
        let keys = [("gift-card:user:\(actor.userID?.canonicalString ?? "-")", limits.perEmail), ("gift-card:ip:\(client)", limits.perAddress)]
        let counted = try await LoginThrottle.countFailure(of: keys, window: limits.window, on: database,
                                                           refusal: "Too many gift card codes that were not found")
        guard let code = GiftCardCode.normalize(typed),
              let card = try await tenant.query(GiftCard.self, on: database)
                .filter(\.$codeHash == Self.codeHash(code, organizationID: tenant.organizationID)).first()
        else { throw Problem.notFound("gift card") }
        try await LoginThrottle.forgive(counted, on: database)
        return card.asPublic(today: today, history: try await history(of: card))
    }

    func redeem(_ id: UUID, _ input: GiftCard.RedemptionInput) async throws -> (GiftCard.Public, GiftCardTransaction.Public) {
        var v = Validator()
        let amount = Self.amount(input.amount, "amount", example: "12.50", &v)
        try v.check()
        _ = try await require(id)
        if let orderID = input.orderID, try await tenant.find(Order.self, id: orderID, on: database) == nil {
            throw Problem.invalid("order_id", "no order of this organization has this id")
        }
        let today = self.today
        let actor = self.actor
        let organizationID = tenant.organizationID
        let line: GiftCardTransaction? = try await WriteTransaction.run(on: database, rerunnable: true) { db in
            let now = Date()
            guard let row = try await SQLRows.first("""
                UPDATE gift_cards SET balance_minor = balance_minor - \(bind: amount), updated_at = \(bind: now)
                WHERE organization_id = \(bind: organizationID) AND id = \(bind: id) AND disabled_at IS NULL
                AND balance_minor >= \(bind: amount) AND (expires_on IS NULL OR expires_on >= \(bind: today.description))
                RETURNING balance_minor
                """, on: try db.sql) else { return nil }
            let line = GiftCardTransaction(organizationID: organizationID, giftCardID: id, kind: "redeem", amountMinor: -amount,
                                           balanceAfter: try row.decode(column: "balance_minor", as: Int64.self),
                                           orderID: input.orderID, actor: actor, createdAt: now)
            try await line.insertRow().run(on: db)
            return line
        }
        let fresh = try await require(id)
        guard let line else {
            switch fresh.status(today: today) {
            case .disabled: throw Problem.conflict("The gift card is disabled", field: "amount")
            case .expired: throw Problem.conflict("The gift card expired on \(fresh.expiresOn ?? "")", field: "amount")
            default: throw Problem.conflict("The amount is above the card's balance (\(Money.decimalString(minorUnits: fresh.balanceMinor)))",
                                            field: "amount")
            }
        }
        let stored = try await SQLRows.first("""
            SELECT \(unsafeRaw: GiftCardTransaction.columns) FROM gift_card_transactions
            WHERE organization_id = \(bind: organizationID) AND id = \(bind: line.id)
            """, on: try database.sql)
        return (fresh.asPublic(today: today), try GiftCardTransaction.Public(row: stored!))
    }

    func disable(_ id: UUID) async throws -> GiftCard.Public {
        let card = try await require(id)
        guard card.disabledAt == nil else { return card.asPublic(today: today) }
        let actor = self.actor
        try await WriteTransaction.run(on: database) { db in
            let now = Date()
            let rows = try await SQLRows.all("""
                UPDATE gift_cards SET disabled_at = \(bind: now), updated_at = \(bind: now)
                WHERE organization_id = \(bind: card.organizationID) AND id = \(bind: card.requireID()) AND disabled_at IS NULL
                RETURNING balance_minor
                """, on: try db.sql)
            guard let row = rows.first else { return }
            try await GiftCardTransaction(organizationID: card.organizationID, giftCardID: card.requireID(), kind: "disable",
                                          amountMinor: 0, balanceAfter: try row.decode(column: "balance_minor", as: Int64.self),
                                          actor: actor, createdAt: now).insertRow().run(on: db)
        }
        return try await require(id).asPublic(today: today)
    }
}
