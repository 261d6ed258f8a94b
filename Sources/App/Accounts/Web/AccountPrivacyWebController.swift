import Vapor

/// `GET /account/privacy`, `POST /account/privacy/export` (the data export of `AccountSelfService`, as an attachment)
/// and `POST /account/privacy/erase` (the erasure request, once the typed email matches; the session ends with the
/// account).
struct AccountPrivacyWebController {
    func boot(routes: any RoutesBuilder) {
        routes.get("privacy", use: show)
        routes.post("privacy", "export", use: export)
        routes.post("privacy", "erase", use: erase)
    }

    private func selfService(_ req: Request) throws -> AccountSelfService {
        AccountSelfService(database: req.database, account: try req.accountPortal.account)
    }

    func show(req: Request) async throws -> Response {
        let context = try req.accountPortal
        return AccountLayout.response(AccountPrivacyPages.page(context: context, confirmation: "", errors: FormErrors()), context: context)
    }

    func export(req: Request) async throws -> Response {
        let export = try await selfService(req).dataExport()
        let response = Response(status: .ok, body: .init(data: try JSONEncoder.api.encode(export)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"my-data.json\"")
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    func erase(req: Request) async throws -> Response {
        let context = try req.accountPortal
        let typed = (try req.formFields()["confirm_email"] ?? "").trimmingCharacters(in: .whitespaces)
        guard typed.lowercased() == context.account.email else {
            var errors = FormErrors()
            errors.byField["confirm_email"] = typed.isEmpty ? "is required: type your email address to confirm"
                                                            : "is not your account's email address"
            return AccountLayout.response(AccountPrivacyPages.page(context: context, confirmation: typed, errors: errors), context: context,
                                          status: .unprocessableEntity)
        }
        let receipt = try await selfService(req).requestErasure(config: req.application.config.outbox)
        // The account's deletion took its sessions with it; the cookie goes too.
        try await AccountSessions(database: req.database, config: req.application.config).end(context.session)
        let response = AccountLayout.response(AccountPrivacyPages.goodbye(organizations: receipt.organizations), context: nil)
        response.cookies[AccountCookies.session] = AccountCookies.expired(for: req)
        return response
    }
}
