import Vapor

/// The customer page's GDPR actions: the data download (the API's handler, with the session's principal) and erasure
/// after its confirmation page. Same permissions as the API: `exportPersonalData`, `eraseCustomers`.
struct CustomerPrivacyWebController {
    func boot(routes: any RoutesBuilder) {
        let customer = routes.grouped("customers", ":id")
        customer.get("data-export", use: CustomerPrivacyController().dataExport)
        customer.get("erase", use: confirm)
        customer.post("erase", use: erase)
    }

    func confirm(req: Request) async throws -> Response {
        let (customer, context) = try await load(req)
        return Layout.response(CustomerErasePage.page(customer, csrf: context.csrf), context: context)
    }

    func erase(req: Request) async throws -> Response {
        let (customer, context) = try await load(req)
        let principal = try req.principal
        let fields = try req.formFields()
        do {
            let reason = (fields["reason"] ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            var problems = [CustomerPrivacyController.reasonProblem(reason)].compactMap { $0 }
            do { try TypedConfirmation.check(fields, expected: customer.name) } catch let problem as Problem { problems += problem.errors ?? [] }
            guard problems.isEmpty else { throw Problem.validation(problems) }
            _ = try await CustomerEraser(database: req.database, tenant: try principal.tenant(), erasedBy: principal.userID)
                .erase(customer, reason: reason)
            return req.redirect(to: "/customers", flash: "The record of “\(customer.name)” was erased.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return Layout.response(CustomerErasePage.page(customer, values: fields, errors: FormErrors(problem, fields: CustomerErasePage.fields),
                                                          csrf: context.csrf),
                                   context: context, status: problem.status)
        }
    }

    private func load(_ req: Request) async throws -> (Customer, DashboardContext) {
        let principal = try req.principal
        try principal.require(.eraseCustomers)
        let customer = try await CustomerAccess(principal).require(try req.uuidParameter("id"), on: req.database)
        return (customer, try req.dashboard)
    }
}
