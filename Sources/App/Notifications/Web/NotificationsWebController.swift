import Vapor

/// The Notifications pages: the organization's outbox with its filters, one notification as sent, and retrying a
/// failed one. Thin: `NotificationHistory` does the work, as for the API; admins and dispatchers only.
struct NotificationsWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("notifications", use: list)
        routes.get("notifications", ":id", use: show)
        routes.post("notifications", ":id", "retry", use: retry)
    }

    static let listKeys = ["status", "channel", "event", "customer_id", "page", "cursor"]

    /// The tenant first: a super admin outside any organization is sent to pick one, not refused.
    private func history(_ req: Request) throws -> (NotificationHistory, CustomerAccess) {
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        try principal.require(.seeNotifications)
        return (NotificationHistory(database: req.database, tenant: access.tenant), access)
    }

    func list(req: Request) async throws -> Response {
        let context = try req.dashboard
        let (history, access) = try history(req)
        let query = WebQuery.values(of: req, keys: Self.listKeys)
        WebQuery.dropEmpty(req)
        var model = NotificationsPage.Model(query: query)
        do {
            let loader = NotificationsPageLoader(history: history, names: NotificationCustomerNames(access: access, database: req.database))
            model = try await loader.load(try NotificationFilters(from: req), try PageRequest(from: req), query: query)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            model.problem = problem.detail
        }
        return Layout.response(NotificationsPage.page(model, csrf: context.csrf), context: context)
    }

    func show(req: Request) async throws -> Response {
        let context = try req.dashboard
        let (history, access) = try history(req)
        let notification = OutboxNotification.Public(try await history.require(try req.uuidParameter("id")))
        let names = try await NotificationCustomerNames(access: access, database: req.database).names(of: [notification.customerId].compactMap { $0 })
        let page = NotificationDetailPage.page(notification, customerName: notification.customerId.flatMap { names[$0] }, csrf: context.csrf)
        return Layout.response(page, context: context)
    }

    func retry(req: Request) async throws -> Response {
        let (history, _) = try history(req)
        let back = SignInController.safeNext(try req.formFields()["return_to"] ?? "/notifications")
        do {
            _ = try await history.retry(try req.uuidParameter("id"))
            return req.redirect(to: back, flash: "Queued again: it is sent with a fresh set of attempts.")
        } catch let problem as Problem where problem.status == .conflict {
            return req.redirect(to: back, flash: "Not retried: \(problem.detail).")
        }
    }
}
