import Fluent
import SQLKit
import Vapor

/// Placing and changing orders: the customer (by id, by intake, or none for a guest), the contact copy,
/// the customer's totals and the organization's counters — all in one transaction.
struct OrderService {
    let database: any Database
    let access: OrderAccess
    let customers: CustomerService

    var organization: Organization { customers.organization }
    var tenant: Tenant { access.tenant }

    static func make(for req: Request) async throws -> OrderService {
        let access = try OrderAccess(try req.principal)
        return OrderService(database: req.database, access: access, customers: try await CustomerService.make(for: req, source: "api"))
    }

    func create(_ input: Order.Input) async throws -> Order {
        let order = Order()
        order.id = UUID.timeOrdered()
        order.organizationID = tenant.organizationID
        order.version = 1
        order.createdByID = access.principal.userID
        order.loyaltyPoints = 0
        var v = Validator()
        OrderInputValidator(organization: organization, isCreate: true).apply(input, to: order, &v)
        let sources = [input.customerID.isAbsent, input.guest.isAbsent, input.customer.isAbsent].filter { !$0 }.count
        if sources != 1 { v.add("customer_id", "give exactly one of customer_id, customer (intake) or guest") }
        var guest: (name: String?, email: String?, phone: String?)?
        if case let .value(body) = input.guest {
            let email = v.email(body.email, "guest.email")
            let name = v.text(body.name, "guest.name", max: 200)
            var phone: String?
            if let raw = body.phone, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
                switch PhoneNumber.normalize(raw, defaultRegion: organization.defaultCountry) {
                case let .success(e164): phone = e164
                case let .failure(error): v.add("guest.phone", error.message)
                }
            }
            if email == nil && phone == nil && body.email == nil { v.add("guest", "needs an email or a phone") }
            guest = (name, email, phone)
        }
        try v.check()
        if access.principal.role == .guest, guest != nil {
            throw Problem.forbidden("A guest user places orders for the customers it manages")
        }

        var customer: Customer?
        switch (input.customerID, input.customer) {
        case let (.value(id), _):
            customer = try await customers.access.find(id, on: database)
            if customer == nil { throw Problem.invalid("customer_id", "no customer of this organization has this id") }
        case let (_, .value(intake)):
            switch try await CustomerIntake(service: customers).matchOrCreate(intake) {
            case let .matched(found), let .created(found): customer = found
            }
        default: break
        }
        if let customer {
            guard customer.status != CustomerStatus.blocked.rawValue else {
                throw Problem.invalid(input.customerID.isAbsent ? "customer" : "customer_id",
                                      "the customer is blocked and cannot place orders")
            }
            order.customerID = customer.id
            order.earnsLoyalty = true
            order.contactName = customer.name
            order.contactEmail = customer.email
            order.contactPhone = customer.phone
        } else if let guest {
            order.earnsLoyalty = false
            order.contactName = guest.name
            order.contactEmail = guest.email
            order.contactPhone = guest.phone
        }
        if input.number.isAbsent {
            // A generated number that happens to be taken is drawn again.
            for _ in 0..<5 where try await numberIsTaken(order.number) { order.number = OrderRules.generateNumber() }
        } else if try await numberIsTaken(order.number) {
            throw Problem.conflict("An order with this number already exists", field: "number")
        }
        try await write(order, before: nil, customersToRefresh: [customer].compactMap { $0 }, placed: true)
        return order
    }

    func update(_ id: UUID, _ input: Order.Input, ifMatch: Int?) async throws -> Order {
        let order = try await access.require(id, on: database)
        if let ifMatch, ifMatch != order.version { throw CustomerService.stale(order.version).renamed("order") }
        let before = Order.snapshot(of: order)
        if input.number.value != nil && input.number.value != order.number { throw Problem.invalid("number", "cannot be changed") }
        if !input.guest.isAbsent || !input.customer.isAbsent {
            throw Problem.invalid("customer_id", "relink an order with customer_id")
        }
        if before.status == OrderStatus.cancelled.rawValue, let status = input.status.value, status != before.status {
            throw Problem.conflict("A cancelled order cannot become \(status)", field: "status")
        }
        var v = Validator()
        OrderInputValidator(organization: organization, isCreate: false).apply(input, to: order, &v)
        try v.check()
        var refresh: [Customer] = []
        switch input.customerID {
        case .absent: break
        case .null: order.customerID = nil
        case let .value(customerID):
            guard let customer = try await customers.access.query(on: database).filter(\.$id == customerID).first() else {
                throw Problem.invalid("customer_id", "no customer of this organization has this id")
            }
            order.customerID = customerID
            refresh.append(customer)
        }
        if let previous = before.customerID, previous != order.customerID,
           let old = try await tenant.query(Customer.self, on: database).filter(\.$id == previous).first() {
            refresh.append(old)
        } else if let current = order.customerID, refresh.isEmpty,
                  let customer = try await tenant.query(Customer.self, on: database).filter(\.$id == current).first() {
            refresh.append(customer)
        }
        guard order.hasChanges else { return order }
        order.version += 1
        try await write(order, before: before, customersToRefresh: refresh, placed: false)
        return order
    }

    /// Saves the order, recounts its customers' totals and moves the organization's counters.
    private func write(_ order: Order, before: Order?, customersToRefresh: [Customer], placed: Bool) async throws {
        let organization = self.organization
        let actor = customers.actor
        do {
            // A new order is written with `RowInsert` and everything else here as SQL, so its transaction may run
            // again; a changed order is saved by Fluent, which writes only what changed since the last save.
            try await WriteTransaction.run(on: database, rerunnable: placed) { db in
                var storedOrders: [UUID: Int] = [:]
                for customer in customersToRefresh { storedOrders[customer.id!] = try await CustomerTotals.lock(customer, on: db) }
                let earning = LoyaltyEarning(database: db, organization: organization, actor: actor)
                if placed {
                    // A new order's points are written first, so that the order is inserted holding them.
                    order.loyaltyPoints = try await earning.earnNew(order)
                    try await order.insert(on: db, at: Date())
                } else {
                    try await order.save(on: db)
                    // A changed order's points are decided on the row as stored, with its customer's row locked above.
                    let wasPaid = before.map { $0.paymentStatus == PaymentStatus.paid.rawValue && $0.status != OrderStatus.cancelled.rawValue } ?? false
                    order.loyaltyPoints = try await earning.settle(orderID: order.requireID(), wasPaid: wasPaid)
                }
                let old = OrganizationCounters.contribution(of: before, currency: organization.currency)
                let new = OrganizationCounters.contribution(of: order, currency: organization.currency)
                if old != new {
                    try await OrganizationCounters(database: db).add(
                        order.organizationID, ordersCounted: new.count - old.count, amountMinor: new.amount - old.amount)
                }
                for customer in customersToRefresh {
                    let totals = try await CustomerTotals.refresh(customerID: customer.requireID(), organization: organization,
                                                                  before: storedOrders[customer.id!], on: db)
                    totals.apply(to: customer)
                }
                if placed, let customer = customersToRefresh.first {
                    try await CustomerTimeline(database: db, actor: actor).record(.orderPlaced, customer: customer,
                                                                                  details: OrderTimeline.details(order))
                }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("An order with this number already exists", field: "number")
        }
    }

    private func numberIsTaken(_ number: String) async throws -> Bool {
        let taken = try await SQLRows.first("""
            SELECT 1 AS taken FROM orders WHERE organization_id = \(bind: tenant.organizationID) AND number = \(bind: number) LIMIT 1
            """, on: try database.sql)
        return taken != nil
    }
}

/// The timeline details of an order: number, platform and receipt number.
enum OrderTimeline {
    static func details(_ order: Order) -> [String: JSONValue] {
        var details: [String: JSONValue] = ["order_id": .string(order.id!.canonicalString), "number": .string(order.number),
                                            "platform": .string(order.platform)]
        if let receipt = order.receiptNumber { details["receipt_number"] = .string(receipt) }
        return details
    }
}

extension Order {
    /// A detached copy of the fields that decide totals, taken before a change.
    static func snapshot(of order: Order) -> Order {
        let copy = Order()
        copy.status = order.status
        copy.paymentStatus = order.paymentStatus
        copy.amountMinor = order.amountMinor
        copy.currency = order.currency
        copy.customerID = order.customerID
        return copy
    }
}

extension Problem {
    func renamed(_ what: String) -> Problem {
        var copy = self
        copy.detail = copy.detail.replacingOccurrences(of: "customer", with: what)
        return copy
    }
}
