import Vapor

/// `GET /account` (the person's orders), `POST /account/orders/{id}/reorder` and `GET /account/messages` (the in-app
/// messages about them). Thin: `AccountOrders` and `AccountSelfService` do the work, as for the API; another account's
/// order is the same 404 as one that does not exist.
struct AccountOrdersWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get(use: list)
        routes.post("orders", ":id", "reorder", use: reorder)
        routes.get("messages", use: messages)
    }

    private func orders(_ req: Request) throws -> AccountOrders {
        AccountOrders(database: req.database, accountID: try req.accountPortal.account.requireID(),
                      publicURL: req.application.config.outbox.publicURL)
    }

    func list(req: Request) async throws -> Response {
        let context = try req.accountPortal
        let query = WebQuery.values(of: req, keys: AccountOrdersPage.keys)
        WebQuery.dropEmpty(req)
        do {
            let page = try await orders(req).list(try PageRequest(from: req))
            return AccountLayout.response(AccountOrdersPage.page(page, query: query, problem: nil, context: context), context: context)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            return AccountLayout.response(AccountOrdersPage.page(nil, query: query, problem: problem.detail, context: context),
                                          context: context, status: problem.status)
        }
    }

    func reorder(req: Request) async throws -> Response {
        let service = try orders(req)
        let original = try await service.find(try req.uuidParameter("id"))
        let order = try await service.reorder(try original.requireID())
        return req.redirect(to: "/account", flash: "Order \(order.number) is placed: the same as order \(original.number), payment pending.")
    }

    func messages(req: Request) async throws -> Response {
        let context = try req.accountPortal
        let query = WebQuery.values(of: req, keys: AccountMessagesPage.keys)
        let service = AccountSelfService(database: req.database, account: context.account)
        let page = try await service.messages(try PageRequest(from: req))
        var organizations: [UUID: String] = [:]
        for link in try await AccountLinksService(database: req.database, account: context.account).list() {
            organizations[link.organizationID] = link.organization.name
        }
        return AccountLayout.response(AccountMessagesPage.page(page, organizations: organizations, query: query, context: context),
                                      context: context)
    }
}
