import Fluent
import SQLKit
import Vapor

/// A client's order: the recipient through intake in the courier's organization, then in one transaction the order,
/// a `job` task with its linked `pickup` and `delivery` tasks (awaiting assignment, given to the client's team when it
/// has one), the recipient's totals and timeline, and the notifications of the new delivery.
struct ClientOrderService {
    let database: any Database
    let scope: ClientPortalScope
    let customers: CustomerService
    let outbox: OutboxConfig

    static func make(for req: Request) async throws -> ClientOrderService {
        let scope = try await ClientPortalScope.make(for: req)
        let customers = CustomerService(database: req.database, access: try CustomerAccess(scope.principal), organization: scope.organization,
                                        actor: scope.actor)
        return ClientOrderService(database: req.database, scope: scope, customers: customers, outbox: req.application.config.outbox)
    }

    /// The order and its three tasks, job first.
    struct Placed: Sendable {
        let order: Order
        let tasks: [DeliveryTask]
    }

    func create(_ input: ClientOrderInput) async throws -> Placed {
        let organization = scope.organization
        let client = scope.client
        let checked = try input.checked(defaultCountry: organization.defaultCountry)
        let recipient = try await intake(checked)
        let now = Date()
        let order = Order()
        order.id = UUID.timeOrdered()
        order.organizationID = scope.tenant.organizationID
        order.number = OrderRules.generateNumber()
        order.platform = "client_portal"
        order.receiptNumber = checked.reference
        order.amountMinor = 0
        order.currency = organization.currency
        order.paymentStatus = PaymentStatus.pending.rawValue
        order.status = OrderStatus.placed.rawValue
        order.placedAt = now
        order.itemsJSON = "[]"
        order.customerID = recipient.id
        order.contactName = recipient.name
        order.contactEmail = checked.recipientEmail ?? recipient.email
        order.contactPhone = checked.recipientPhone ?? recipient.phone
        order.createdByID = scope.principal.userID
        order.version = 1
        order.earnsLoyalty = false
        order.loyaltyPoints = 0
        order.clientID = scope.clientID
        for _ in 0..<5 where try await numberIsTaken(order.number) { order.number = OrderRules.generateNumber() }

        let team = client.settings.autoAssignTeamID
        func task(_ type: TaskType, parent: UUID?) -> DeliveryTask {
            let task = DeliveryTask()
            task.id = UUID.timeOrdered()
            task.organizationID = order.organizationID
            task.type = type.rawValue
            task.parentID = parent
            task.orderID = order.id
            task.status = TaskStatus.awaitingAssignment.rawValue
            task.version = 1
            task.trackingCode = DeliveryTask.newTrackingCode()
            task.teamID = team
            task.clientID = scope.clientID
            task.notes = checked.notes
            task.pickupAfter = checked.pickupWindow.start
            task.pickupBefore = checked.pickupWindow.end
            task.dropoffAfter = checked.dropoffWindow.start
            task.dropoffBefore = checked.dropoffWindow.end
            return task
        }
        let job = task(.job, parent: nil)
        job.customerID = recipient.id
        job.pickupJSON = checked.pickup.json
        job.dropoffJSON = checked.dropoff.json
        job.contactName = recipient.name
        job.contactPhone = order.contactPhone
        let pickup = task(.pickup, parent: job.id)
        pickup.pickupJSON = checked.pickup.json
        pickup.contactName = checked.pickup.contactName ?? client.name
        pickup.contactPhone = checked.pickup.contactPhone
        let delivery = task(.delivery, parent: job.id)
        delivery.customerID = recipient.id
        delivery.pickupJSON = checked.pickup.json
        delivery.dropoffJSON = checked.dropoff.json
        delivery.contactName = recipient.name
        delivery.contactPhone = order.contactPhone
        let tasks = [job, pickup, delivery]

        let notifications = TaskNotifications(database: database, organization: organization, config: outbox)
        let raised = [try await notifications.prepare(.taskCreated, task: delivery, client: client, orderNumber: order.number),
                      try await notifications.prepare(.taskCreated, task: pickup, client: client, orderNumber: order.number)]
        let actor = scope.actor
        do {
            try await WriteTransaction.run(on: database, rerunnable: true) { db in
                let stored = try await CustomerTotals.lock(recipient, on: db)
                try await order.insert(on: db, at: now)
                try await RowInsert.run(tasks.map { $0.insertRow(at: now) }, on: db)
                let counted = OrganizationCounters.contribution(of: order, currency: organization.currency)
                try await OrganizationCounters(database: db).add(order.organizationID, ordersCounted: counted.count, amountMinor: counted.amount)
                let totals = try await CustomerTotals.refresh(customerID: recipient.requireID(), organization: organization, before: stored, on: db)
                totals.apply(to: recipient)
                try await CustomerTimeline(database: db, actor: actor).record(.orderPlaced, customer: recipient,
                                                                              details: OrderTimeline.details(order))
                for prepared in raised { try await prepared.write(on: db, actor: actor) }
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("An order with this number was placed at the same moment; send the order again", field: "number")
        }
        OutboxSignal.shared.wake()
        return Placed(order: order, tasks: tasks)
    }

    /// The recipient in the courier's organization: matched by phone or email, else created.
    private func intake(_ checked: ClientOrderInput.Checked) async throws -> Customer {
        var input = Customer.Input()
        input.name = .value(checked.recipientName)
        if let phone = checked.recipientPhone { input.phone = .value(phone) }
        if let email = checked.recipientEmail { input.email = .value(email) }
        input.source = .value("client_portal")
        do {
            switch try await CustomerIntake(service: customers).matchOrCreate(input) {
            case let .matched(customer), let .created(customer): return customer
            }
        } catch var problem as Problem {
            problem.errors = problem.errors?.map { .init(field: "recipient.\($0.field)", message: $0.message) }
            throw problem
        }
    }

    private func numberIsTaken(_ number: String) async throws -> Bool {
        try await SQLRows.first("""
            SELECT 1 AS taken FROM orders WHERE organization_id = \(bind: scope.tenant.organizationID) AND number = \(bind: number) LIMIT 1
            """, on: try database.sql) != nil
    }
}
