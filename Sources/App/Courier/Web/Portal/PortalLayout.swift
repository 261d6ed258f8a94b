import Vapor

/// The client portal's frame: the dashboard's stylesheet and script, with the portal's own header — its pages, the
/// client's name and its courier's, and "Sign out".
enum PortalLayout {
    static let navigation: [(label: String, href: String)] = [
        ("Orders", "/client"), ("New order", "/client/orders/new"), ("Tasks", "/client/tasks"), ("Settings", "/client/settings"),
    ]

    static func response(_ page: WebPage, context: ClientPortalContext?, flash: String? = nil, status: HTTPStatus = .ok) -> Response {
        Layout.response(page, header: header(context), flash: context?.flash ?? flash, status: status)
    }

    private static func header(_ context: ClientPortalContext?) -> HTML {
        guard let context else {
            return .element("header", ["class": "top"], [.div(["class": "brand"], [.text("Client portal")])])
        }
        return .element("header", ["class": "top"], [
            .link(context.client.name, to: "/client", class: "brand"),
            .element("nav", ["aria-label": "Main"], [.ul(["class": "nav"], navigation.map { .link($0.label, to: $0.href) })]),
            .div(["class": "who"], [
                .span("\(context.user.name) · deliveries by \(context.organization.name)"),
                .postForm("/client/sign-out", csrf: context.csrf, class: "inline", [.button("Sign out", class: "button link")]),
            ]),
        ])
    }
}

extension PortalFormToken {
    /// A client portal page without a session (sign-in, an emailed link's page), in the portal's frame.
    static func respond(_ req: Request, _ page: WebPage, token: String, status: HTTPStatus = .ok) -> Response {
        respond(req, token: token) { PortalLayout.response(page, context: nil, flash: $0, status: status) }
    }
}
