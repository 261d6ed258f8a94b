import Vapor

/// What every signed-in page of the account portal knows: the session, the account, the flash message.
struct AccountPortalContext: Sendable {
    let session: AccountSession
    let account: Account
    let flash: String?

    var csrf: String { session.csrfToken }
    /// The times the person reads, in its own time zone (UTC until it chooses one).
    var time: PortalDateTime { PortalDateTime(timeZone: account.timezone ?? "UTC") }
    /// How the header names the person.
    var displayName: String { account.name.flatMap { $0.isEmpty ? nil : $0 } ?? account.email }
}

extension Request {
    private struct AccountPortalKey: StorageKey { typealias Value = AccountPortalContext }

    /// Set by `AccountPortalAuthMiddleware` on every signed-in portal page.
    var accountPortal: AccountPortalContext {
        get throws {
            guard let context = storage[AccountPortalKey.self] else { throw Problem.unauthorized("Sign in to your account first") }
            return context
        }
    }

    var accountPortalIfSignedIn: AccountPortalContext? { storage[AccountPortalKey.self] }

    func setAccountPortal(_ context: AccountPortalContext) { storage[AccountPortalKey.self] = context }
}
