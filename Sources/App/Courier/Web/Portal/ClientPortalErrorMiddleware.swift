import Vapor

/// The portal's errors as portal pages: another client's order is the same 404 page as one that does not exist, and
/// the way back leads to the client's orders, not to the staff dashboard.
struct ClientPortalErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let (status, message) = WebErrorMiddleware.describe(error, request: request)
            return PortalLayout.response(ClientPortalPages.error(status: status, message: message),
                                         context: request.clientPortalIfSignedIn, status: status)
        }
    }
}
