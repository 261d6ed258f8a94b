import Vapor

/// The customer page's account actions: "Inherit from the account again" for an overridden field, and "Unlink from the
/// account" after a confirmation step. Thin: `LinkedRecordChanges` does the work, as for the API's
/// `DELETE /customers/{id}/overrides/{field}` and `DELETE /customers/{id}/account`.
struct CustomerAccountWebController {
    func boot(routes: any RoutesBuilder) {
        routes.post("customers", ":id", "overrides", ":field", "delete", use: inherit)
        routes.get("customers", ":id", "unlink", use: confirmUnlink)
        routes.post("customers", ":id", "unlink", use: unlink)
    }

    func inherit(req: Request) async throws -> Response {
        let changes = try await LinkedRecordChanges.make(for: req, source: "dashboard")
        let field = req.parameters.get("field") ?? ""
        let customer = try await changes.inherit(field, of: try req.uuidParameter("id"))
        return req.redirect(to: CustomerAccountPanel.path(try customer.requireID()) + "#account",
                            flash: "\(CustomerAccountPanel.label(field)) follows the customer account again.")
    }

    func confirmUnlink(req: Request) async throws -> Response {
        let changes = try await LinkedRecordChanges.make(for: req, source: "dashboard")
        let context = try req.dashboard
        let customer = try await changes.requireLinked(try req.uuidParameter("id"))
        return Layout.response(CustomerUnlinkPage.page(customer, csrf: context.csrf), context: context)
    }

    func unlink(req: Request) async throws -> Response {
        let changes = try await LinkedRecordChanges.make(for: req, source: "dashboard")
        let customer = try await changes.unlink(try req.uuidParameter("id"))
        return req.redirect(to: CustomerAccountPanel.path(try customer.requireID()),
                            flash: "“\(customer.name)” is no longer linked to a customer account.")
    }
}
