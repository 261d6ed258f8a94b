import Vapor

/// The dashboard's cookies: the session, the sign-in form's CSRF token, and the one-time flash message.
/// All are HttpOnly and SameSite=Lax, and Secure when the request came over TLS.
enum DashboardCookies {
    static let session = DashboardSessions.cookieName
    static let signIn = "clientele_sign_in"
    static let flash = "clientele_flash"

    static func value(_ string: String, for req: Request, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(string: string, maxAge: maxAge, path: "/", isSecure: req.cameOverTLS, isHTTPOnly: true, sameSite: .lax)
    }

    static func expired(for req: Request) -> HTTPCookies.Value {
        HTTPCookies.Value(string: "", expires: Date(timeIntervalSince1970: 0), maxAge: 0, path: "/",
                          isSecure: req.cameOverTLS, isHTTPOnly: true, sameSite: .lax)
    }

    /// Cookie values are percent-encoded so that any message survives the header.
    static func encodeFlash(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }
}
