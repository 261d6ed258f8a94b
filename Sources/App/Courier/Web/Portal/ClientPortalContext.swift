import Vapor

/// What every client portal page knows: the session, the client user, the client it acts for and its courier.
struct ClientPortalContext: Sendable {
    let session: DashboardSession
    let user: User
    let client: Client
    let organization: Organization
    let flash: String?

    var csrf: String { session.csrfToken }
}

extension Request {
    private struct ClientPortalKey: StorageKey { typealias Value = ClientPortalContext }

    /// Set by `ClientPortalAuthMiddleware` on every signed-in portal page.
    var clientPortal: ClientPortalContext {
        get throws {
            guard let context = storage[ClientPortalKey.self] else { throw Problem.unauthorized("Sign in to the client portal first") }
            return context
        }
    }

    var clientPortalIfSignedIn: ClientPortalContext? { storage[ClientPortalKey.self] }

    func setClientPortal(_ context: ClientPortalContext) { storage[ClientPortalKey.self] = context }
}
