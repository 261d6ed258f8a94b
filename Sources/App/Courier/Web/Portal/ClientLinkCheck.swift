import Fluent
import Vapor

/// What a client's link would do if used now, read without using it: the page a link opens says at once when the link
/// was used, replaced or has expired (410), or was never issued (404), before anyone types a password.
enum ClientLinkCheck {
    enum State {
        case open(ClientLink)
        case gone(String)
        case unknown
    }

    static func state(of secret: String, purpose: ClientLink.Purpose, on db: any Database, now: Date = Date()) async throws -> State {
        guard !secret.isEmpty, secret.count <= 200,
              let link = try await Unscoped.query(ClientLink.self, on: db).filter(\.$tokenHash == TokenService.hash(secret))
                .filter(\.$purpose == purpose.rawValue).first()
        else { return .unknown }
        guard link.usedAt == nil, link.voidedAt == nil, link.expiresAt > now else { return .gone(ClientLinks.gone(link, now: now).detail) }
        return .open(link)
    }

    /// The page of a link that does not open: 410 saying why, or 404.
    static func refusal(_ state: State) -> (HTTPStatus, WebPage)? {
        switch state {
        case .open: return nil
        case let .gone(reason):
            return (.gone, ClientPortalPages.notice(title: "This link no longer works", message: reason + ".",
                                                    link: ("Sign in to the client portal", "/client/sign-in")))
        case .unknown:
            return (.notFound, ClientPortalPages.notice(title: "Link not found",
                                                        message: "This link is not known: check that it was copied whole from the email.",
                                                        link: nil))
        }
    }
}
