import Vapor

/// The portal session's cookie of a customer account: a name of its own (a staff session never opens `/account`, an
/// account session never opens the dashboard), sent only under `/account`, HttpOnly and SameSite=Lax as the dashboard's,
/// and Secure when the browser came over TLS or the public URL is https. The sign-in form's token and the flash message
/// are the dashboard's cookies (`DashboardCookies`).
enum AccountCookies {
    static let session = "clientele_account_session"
    static let path = "/account"

    static func isSecure(_ req: Request) -> Bool {
        req.cameOverTLS || req.application.config.outbox.publicURL.lowercased().hasPrefix("https://")
    }

    static func value(_ string: String, for req: Request, maxAge: Int) -> HTTPCookies.Value {
        HTTPCookies.Value(string: string, maxAge: maxAge, path: path, isSecure: isSecure(req), isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(for req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: path, isSecure: isSecure(req),
                          isHTTPOnly: true, sameSite: .lax)
    }
}
