import Vapor

/// `/erasure-requests`: the requests people made from their customer accounts that the organization erase their record;
/// admins erase a record (after typing its name) or dismiss a request with the reason the record is kept. Thin:
/// `ErasureRequests` does the work, as for the API; the same permission (`eraseCustomers`) guards both.
struct ErasureRequestsWebController {
    static let perPage = 20

    func boot(routes: any RoutesBuilder) {
        let requests = routes.grouped("erasure-requests")
        requests.get(use: list)
        requests.get(":id", "erase", use: confirmErase)
        requests.post(":id", "erase", use: erase)
        requests.post(":id", "dismiss", use: dismiss)
    }

    /// The organization's open requests, beside "Erasure requests" in the navigation: one read of an index.
    static let navigationCount = DashboardNavigationCount(path: "/erasure-requests", permission: .eraseCustomers) { req, tenant in
        try await ErasureRequests(database: req.database, tenant: tenant).openCount()
    }

    func list(req: Request) async throws -> Response {
        try await render(req, try ErasureRequests.make(for: req).0)
    }

    func confirmErase(req: Request) async throws -> Response {
        let (service, _) = try ErasureRequests.make(for: req)
        let request = try await service.show(try req.uuidParameter("id"))
        guard request.status == AccountErasureRequest.Status.open.rawValue else { return Self.alreadyHandled(req, request) }
        let context = try req.dashboard
        return Layout.response(ErasureRequestErasePage.page(request, csrf: context.csrf), context: context)
    }

    func erase(req: Request) async throws -> Response {
        let (service, principal) = try ErasureRequests.make(for: req)
        let request = try await service.show(try req.uuidParameter("id"))
        guard request.status == AccountErasureRequest.Status.open.rawValue else { return Self.alreadyHandled(req, request) }
        do {
            try TypedConfirmation.check(try req.formFields(), expected: ErasureRequestErasePage.confirmation(request))
            _ = try await service.erase(request.id, by: principal.user, reason: nil)
            return req.redirect(to: "/erasure-requests", flash: "The customer's record was erased, and the request closed.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            let context = try req.dashboard
            let errors = FormErrors(problem, fields: [TypedConfirmation.field])
            return Layout.response(ErasureRequestErasePage.page(request, errors: errors, csrf: context.csrf), context: context,
                                   status: problem.status)
        } catch let problem as Problem where problem.status == .conflict {
            return req.redirect(to: "/erasure-requests", flash: problem.detail + ".")
        }
    }

    func dismiss(req: Request) async throws -> Response {
        let (service, principal) = try ErasureRequests.make(for: req)
        let id = try req.uuidParameter("id")
        let fields = try req.formFields()
        do {
            let request = try await service.dismiss(id, by: principal.user, reason: fields["reason"])
            return req.redirect(to: "/erasure-requests",
                                flash: "Request dismissed: the record of \(request.customerName ?? "the customer") is kept.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            let typed = ErasureRequestsPage.Typed(id: id, values: fields, errors: FormErrors(problem, fields: ["reason"]))
            return try await render(req, service, typed: typed, status: problem.status)
        } catch let problem as Problem where problem.status == .conflict {
            return req.redirect(to: "/erasure-requests", flash: problem.detail + ".")
        }
    }

    private static func alreadyHandled(_ req: Request, _ request: AccountErasureRequest.Public) -> Response {
        req.redirect(to: "/erasure-requests", flash: "This request was already \(request.status).")
    }

    private func render(_ req: Request, _ service: ErasureRequests, typed: ErasureRequestsPage.Typed? = nil,
                        status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let query = WebQuery.values(of: req, keys: ErasureRequestsPage.pageKeys)
        func page(_ key: String) -> PageRequest { PageRequest(page: query[key].flatMap(Int.init) ?? 1, perPage: Self.perPage) }
        let model = ErasureRequestsPage.Model(
            open: try await service.list(status: AccountErasureRequest.Status.open.rawValue, page("open_page")),
            handled: try await service.handled(page("handled_page")), query: query, typed: typed)
        return Layout.response(ErasureRequestsPage.page(model, csrf: context.csrf), context: context, status: status)
    }
}
