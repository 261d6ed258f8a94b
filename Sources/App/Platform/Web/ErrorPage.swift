import Vapor

/// A refusal or a missing page, with a way back.
enum ErrorPage {
    static func page(status: HTTPStatus, message: String) -> WebPage {
        let title = status == .notFound ? "Not found" : status == .forbidden ? "Not allowed" : status.reasonPhrase
        return WebPage(title: title, content: [
            .div(["class": "card"], [
                .h1(title),
                .p(message),
                .p([:], [.link("Back to customers", to: "/customers")]),
            ]),
        ])
    }
}
