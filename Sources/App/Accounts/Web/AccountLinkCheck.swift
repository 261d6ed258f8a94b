import Fluent
import Vapor

/// What an account's emailed link would do if used now, read without using it: the page it opens says at once when the
/// link was used, replaced or has expired (410), or was never issued (404). Opening the page uses nothing — mail
/// scanners follow links — only the page's button does.
enum AccountLinkCheck {
    enum State {
        case open(AccountLinkToken)
        case gone(String)
        case unknown
    }

    static func state(of secret: String, purpose: AccountLinkToken.Purpose, on db: any Database) async throws -> State {
        do {
            return .open(try await AccountLinks.peek(secret, purpose: purpose, on: db))
        } catch let problem as Problem where problem.status == .gone {
            return .gone(problem.detail)
        } catch let problem as Problem where problem.status == .notFound {
            return .unknown
        }
    }

    /// The state of a link whose use failed with `problem` (410 or 404), else nil.
    static func state(of problem: Problem) -> State? {
        switch problem.status {
        case .gone: .gone(problem.detail)
        case .notFound: .unknown
        default: nil
        }
    }

    /// The page of a link that does not open: 410 saying why, or 404.
    static func refusal(_ state: State, again: (label: String, href: String)) -> (HTTPStatus, WebPage) {
        switch state {
        case .open:
            return (.notFound, AccountPages.error(status: .notFound, message: "This page does not exist."))
        case let .gone(reason):
            return (.gone, AccountPages.notice(title: "This link no longer works", message: reason + ".", link: again))
        case .unknown:
            return (.notFound, AccountPages.notice(title: "Link not found",
                                                   message: "This link is not known: check that it was copied whole from the email.",
                                                   link: again))
        }
    }
}
