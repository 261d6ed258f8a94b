import Fluent
import SQLKit
import Vapor

/// Checkout without staff: `POST /api/v1/public/checkout`. With an account token it is the account's checkout (its
/// record's order, which earns points once paid). Without one it is a guest order, which earns nothing — unless the
/// buyer asks for an account (`account: true` and a password): the account is created unverified with a verification
/// email, the order waits as a guest order that may earn, and verifying the address joins the organization, which
/// links the order to the person's record (so it earns once paid). Answers the same whether the email had an account.
struct PublicCheckout {
    let req: Request

    struct Input: Decodable, Sendable {
        struct Contact: Decodable, Sendable {
            var name: String?
            var email: String?
            var phone: String?
        }

        var organization: String?
        var items: [Order.Item]?
        var amount: String?
        var currency: String?
        var paymentMethod: String?
        var contact: Contact?
        var account: Bool?
        var password: String?

        enum CodingKeys: String, CodingKey {
            case organization, items, amount, currency, contact, account, password
            case paymentMethod = "payment_method"
        }
    }

    struct Receipt: Content {
        struct OrderSummary: Content {
            let id: UUID
            let number: String
            let status: String
            let paymentStatus: String
            let amount: String
            let currency: String
            let placedAt: Date

            enum CodingKeys: String, CodingKey {
                case id, number, status, amount, currency
                case paymentStatus = "payment_status", placedAt = "placed_at"
            }
        }

        let order: OrderSummary
        /// `linked` (an account's checkout), `verification_sent` (an account was asked for) or `guest`.
        let account: String
    }

    func place() async throws -> Receipt {
        let database = req.database
        let config = req.application.config
        let input = try req.decodeJSON(Input.self)
        _ = try await LoginThrottle.countFailure(of: [("public-checkout-ip:" + req.clientAddress, config.publicCheckoutsPerHour)],
                                                 window: 3_600, on: database, refusal: "Too many checkouts from this address")
        // With an account token: the account's own checkout.
        if let bearer = req.headers.bearerAuthorization?.token {
            if bearer.hasPrefix(TokenService.prefix) {
                throw Problem.forbidden("Staff place orders with POST /api/v1/orders; this checkout is the customers'")
            }
            guard let (_, account) = try await AccountTokens(database: database).resolve(bearer) else {
                throw Problem.unauthorized(TokenAuthMiddleware.invalidToken)
            }
            let checkout = AccountOrders.CheckoutInput(organization: input.organization, items: input.items, amount: input.amount,
                                                       currency: input.currency, paymentMethod: input.paymentMethod)
            let order = try await AccountOrders(database: database, accountID: account.requireID(), publicURL: config.outbox.publicURL)
                .checkout(account, checkout)
            return Receipt(order: Self.summary(order), account: "linked")
        }
        var v = Validator()
        let slug = v.text(input.organization, "organization", required: true, max: 100)
        let email = v.email(input.contact?.email, "contact.email", required: input.account == true)?.lowercased()
        let name = v.text(input.contact?.name, "contact.name", max: 200)
        if input.contact?.email == nil, input.contact?.phone == nil { v.add("contact", "needs an email or a phone") }
        var password: String?
        if input.account == true { password = v.password(input.password, "password") }
        if input.items?.isEmpty ?? true, input.amount == nil { v.add("items", "an order needs items or an amount") }
        try v.check()
        guard let organization = try await AccountLinksService.organization(slug: slug!, on: database) else {
            throw Problem.invalid("organization", "no organization has this slug")
        }
        var order = Order.Input()
        order.guest = .value(Order.Guest(name: name, email: email, phone: input.contact?.phone))
        order.platform = .value("checkout")
        order.paymentStatus = .value(PaymentStatus.pending.rawValue)
        if let items = input.items { order.items = .value(items) }
        if let amount = input.amount { order.amount = .value(amount) }
        else if let total = AccountOrders.total(of: input.items ?? []) { order.amount = .value(Money.decimalString(minorUnits: total)) }
        if let currency = input.currency { order.currency = .value(currency) }
        if let method = input.paymentMethod { order.paymentMethod = .value(method) }
        let records = AccountRecords(database: database)
        let customers = records.service(in: organization, accountID: UUID())
        let placed = try await OrderService(database: database, access: try OrderAccess(customers.access.principal), customers: customers)
            .create(order)
        guard input.account == true, let email, let password else { return Receipt(order: Self.summary(placed), account: "guest") }

        // An account was asked for: the order may earn once the person verifies the address and it is linked.
        try await WriteTransaction.run(on: database) { db in
            try await SQLRows.run("""
                UPDATE orders SET earns_loyalty = \(bind: true) WHERE organization_id = \(bind: placed.organizationID) AND id = \(bind: placed.requireID())
                """, on: try db.sql)
        }
        var signUp = AccountService.SignUpInput()
        signUp.email = email
        signUp.password = password
        signUp.name = name
        _ = try await AccountService(req: req).signUp(signUp, address: req.clientAddress, joining: placed.organizationID)
        return Receipt(order: Self.summary(placed), account: "verification_sent")
    }

    static func summary(_ order: Order) -> Receipt.OrderSummary {
        .init(id: order.id!, number: order.number, status: order.status, paymentStatus: order.paymentStatus,
              amount: Money.decimalString(minorUnits: order.amountMinor), currency: order.currency, placedAt: order.placedAt)
    }
}
