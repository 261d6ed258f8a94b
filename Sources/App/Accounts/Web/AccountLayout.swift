import Vapor

/// The account portal's frame: the dashboard's stylesheet and script, with the portal's own header — its pages, the
/// person's name and "Sign out". Pages without a session show only the portal's name.
enum AccountLayout {
    static let navigation: [(label: String, href: String)] = [
        ("Orders", "/account"), ("Organizations", "/account/organizations"), ("Messages", "/account/messages"),
        ("Profile", "/account/profile"), ("Privacy", "/account/privacy"),
    ]

    static func response(_ page: WebPage, context: AccountPortalContext?, flash: String? = nil, status: HTTPStatus = .ok) -> Response {
        Layout.response(page, header: header(context), flash: context?.flash ?? flash, status: status)
    }

    /// A page without a session (sign-in, sign-up, an emailed link's page), carrying the form token's cookie.
    static func publicResponse(_ req: Request, _ page: WebPage, token: String, status: HTTPStatus = .ok) -> Response {
        PortalFormToken.respond(req, token: token) { response(page, context: nil, flash: $0, status: status) }
    }

    private static func header(_ context: AccountPortalContext?) -> HTML {
        guard let context else {
            return .element("header", ["class": "top"], [.link("Your account", to: "/account", class: "brand")])
        }
        return .element("header", ["class": "top"], [
            .link("Your account", to: "/account", class: "brand"),
            .element("nav", ["aria-label": "Main"], [.ul(["class": "nav"], navigation.map { .link($0.label, to: $0.href) })]),
            .div(["class": "who"], [
                .span(context.displayName),
                .postForm("/account/sign-out", csrf: context.csrf, class: "inline", [.button("Sign out", class: "button link")]),
            ]),
        ])
    }
}
