import Vapor

/// The portal's small pages: an error, and a message with a way on.
enum AccountPages {
    static func error(status: HTTPStatus, message: String) -> WebPage {
        let title = status == .notFound ? "Not found" : status == .forbidden ? "Not allowed" : status.reasonPhrase
        return notice(title: title, message: message, link: ("Back to your orders", "/account"))
    }

    static func notice(title: String, message: String, link: (label: String, href: String)?) -> WebPage {
        WebPage(title: title, content: [
            .div(["class": "card sign-in"], [
                .h1(title),
                .p(message),
                link.map { .p([:], [.link($0.label, to: $0.href)]) } ?? .empty,
            ]),
        ])
    }

    /// The error alert of a form that failed as a whole (throttled, refused), above its fields.
    static func alert(_ message: String?) -> HTML {
        message.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty
    }
}
