import Vapor

/// The public pages of an unsubscribe link: nothing about the person on them but the organization's name.
enum UnsubscribePage {
    static func confirm(organization: String, action: String) -> Response {
        page(.ok, title: "Unsubscribe", [
            .h1("Unsubscribe"),
            .p("Stop receiving marketing email from \(organization)? Messages about your orders and deliveries still arrive."),
            .element("form", ["method": "post", "action": action], [
                .button("Unsubscribe"),
            ]),
        ])
    }

    static func done(organization: String) -> Response {
        page(.ok, title: "Unsubscribed", [
            .h1("You are unsubscribed"),
            .p("\(organization) will not send you marketing email any more."),
        ])
    }

    static func response(status: HTTPStatus, title: String, message: String) -> Response {
        page(status, title: title, [.h1(title), .p(message)])
    }

    private static func page(_ status: HTTPStatus, title: String, _ content: [HTML]) -> Response {
        Layout.response(WebPage(title: title, content: [.div(["class": "card"], content)]), context: nil, status: status)
    }
}
