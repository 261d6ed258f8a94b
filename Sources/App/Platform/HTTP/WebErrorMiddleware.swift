import Vapor

/// Dashboard errors as pages, not problem+json: another organization's record is the same 404 page as a
/// missing one, a refused form is a 403 page; a super admin outside any organization is sent to pick one.
struct WebErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let context = request.dashboardIfSignedIn
            if let problem = error as? Problem, problem.errors?.first?.field == "X-Organization-Id" {
                return request.redirect(to: "/organizations", flash: "Switch into an organization to see its data.")
            }
            let (status, message) = Self.describe(error, request: request)
            let page = ErrorPage.page(status: status, message: message)
            return Layout.response(page, context: context, status: status)
        }
    }

    static func describe(_ error: any Error, request: Request) -> (HTTPStatus, String) {
        switch error {
        case let problem as Problem where problem.status == .badRequest && problem.errors?.first?.field == "id":
            return (.notFound, "This page does not exist, or you cannot see it.")
        case let problem as Problem where problem.status == .notFound:
            return (.notFound, "This page does not exist, or you cannot see it.")
        case is TenantRecordNotFound:
            return (.notFound, "This page does not exist, or you cannot see it.")
        case let problem as Problem where problem.status.code < 500:
            return (problem.status, problem.detail)
        case let abort as any AbortError where abort.status.code < 500:
            return (abort.status, abort.reason)
        default:
            request.logger.error("dashboard error", metadata: ["error": "\(String(reflecting: error))"])
            return (.internalServerError, "Something went wrong on our side. Quote request \(request.requestID ?? "") when reporting it.")
        }
    }
}
