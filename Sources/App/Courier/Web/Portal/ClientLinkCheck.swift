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
        do {
            return .open(try await ClientLinks.peek(secret, purpose: purpose, on: db, now: now))
        } catch let problem as Problem where problem.status == .gone {
            return .gone(problem.detail)
        } catch let problem as Problem where problem.status == .notFound {
            return .unknown
        }
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
