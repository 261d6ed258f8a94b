import Vapor

/// The portal's errors as portal pages: another account's order or organization is the same 404 page as one that
/// does not exist, and the way back leads to the person's orders, not to the staff dashboard.
struct AccountPortalErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            var (status, message) = WebErrorMiddleware.describe(error, request: request)
            // A path id that is not one (`/account/organizations/x`) is a page that does not exist.
            if let problem = error as? Problem, problem.status == .badRequest, problem.errors?.first?.field.hasSuffix("_id") == true {
                (status, message) = WebErrorMiddleware.describe(Problem.notFound("page"), request: request)
            }
            return AccountLayout.response(AccountPages.error(status: status, message: message),
                                          context: request.accountPortalIfSignedIn, status: status)
        }
    }
}
