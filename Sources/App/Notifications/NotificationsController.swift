import Fluent
import Vapor

/// The outbox as staff see it: the list with filters, one notification, a customer's, and retrying a failed one.
/// Admins and dispatchers; agents and guest users see nothing of it.
struct NotificationsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let notifications = routes.grouped("notifications")
        notifications.get(use: list)
        notifications.get(":id", use: show)
        notifications.post(":id", "retry", use: retry)
        routes.get("customers", ":id", "notifications", use: customerList)
    }

    private func history(_ req: Request) throws -> NotificationHistory {
        let principal = try req.principal
        let tenant = try principal.tenant()
        try principal.require(.seeNotifications)
        return NotificationHistory(database: req.database, tenant: tenant)
    }

    func list(req: Request) async throws -> Page<OutboxNotification.Public> {
        try await history(req).page(try NotificationFilters(from: req), try PageRequest(from: req))
    }

    func show(req: Request) async throws -> OutboxNotification.Public {
        .init(try await history(req).require(try req.uuidParameter("id")))
    }

    func retry(req: Request) async throws -> OutboxNotification.Public {
        .init(try await history(req).retry(try req.uuidParameter("id")))
    }

    func customerList(req: Request) async throws -> Page<OutboxNotification.Public> {
        let history = try history(req)
        let customer = try await history.tenant.require(Customer.self, id: try req.uuidParameter("id"), on: req.database, what: "customer")
        var filters = try NotificationFilters(from: req)
        filters.customerID = try customer.requireID()
        return try await history.page(filters, try PageRequest(from: req))
    }
}
