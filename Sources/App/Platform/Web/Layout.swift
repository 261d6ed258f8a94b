import Vapor

/// One dashboard page: its title, where it sits (breadcrumbs) and its content.
struct WebPage {
    var title: String
    var breadcrumbs: [(label: String, href: String?)] = []
    var content: [HTML]
    /// Reload the page after this many seconds (a running import's progress), without script.
    var refreshSeconds: Int? = nil
}

/// The shared frame of every page: skip link, navigation by role, the super-admin banner, breadcrumbs, the
/// flash message, and the stylesheet and the few lines of script (confirmations, row clicks).
enum Layout {
    static func response(_ page: WebPage, context: DashboardContext?, status: HTTPStatus = .ok) -> Response {
        response(document(page, context: context), status: status)
    }

    /// A page in a frame of its own (the client portal's): its header, its flash message, no staff banner.
    static func response(_ page: WebPage, header: HTML, flash: String?, status: HTTPStatus = .ok) -> Response {
        response(document(page, header: header, banner: .empty, flash: flash), status: status)
    }

    private static func response(_ root: HTML, status: HTTPStatus) -> Response {
        let html = HTML.document(root)
        var headers = HTTPHeaders()
        headers.contentType = .html
        headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        headers.replaceOrAdd(name: "Content-Security-Policy",
                             value: "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'")
        return Response(status: status, headers: headers, body: .init(string: html))
    }

    static func document(_ page: WebPage, context: DashboardContext?) -> HTML {
        document(page, header: header(context), banner: banner(context), flash: context?.flash)
    }

    private static func document(_ page: WebPage, header: HTML, banner: HTML, flash: String?) -> HTML {
        .element("html", ["lang": "en"], [
            .element("head", [:], [
                .void("meta", ["charset": "utf-8"]),
                .void("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"]),
                page.refreshSeconds.map { .void("meta", ["http-equiv": "refresh", "content": String($0)]) } ?? .empty,
                .element("title", [:], [.text(page.title + " · Clientele")]),
                .void("link", ["rel": "stylesheet", "href": Stylesheet.path]),
                .element("script", ["src": Stylesheet.scriptPath, "defer": ""], []),
            ]),
            .element("body", [:], [
                .link("Skip to content", to: "#content", class: "skip-link"),
                header,
                banner,
                .element("main", ["id": "content", "tabindex": "-1"], [
                    breadcrumbs(page.breadcrumbs),
                    flash.map { .div(["class": "flash", "role": "status"], [.text($0)]) } ?? .empty,
                    .group(page.content),
                ]),
            ]),
        ])
    }

    private static func header(_ context: DashboardContext?) -> HTML {
        guard let context else {
            return .element("header", ["class": "top"], [.div(["class": "brand"], [.text("Clientele")])])
        }
        return .element("header", ["class": "top"], [
            .link("Clientele", to: "/customers", class: "brand"),
            .element("nav", ["aria-label": "Main"], [.ul(["class": "nav"], navigation(context))]),
            .div(["class": "who"], [
                .span(context.user.name + (context.organization.map { " · " + $0.name } ?? "")),
                .postForm("/sign-out", csrf: context.csrf, class: "inline", [.button("Sign out", class: "button link")]),
            ]),
        ])
    }

    private static func navigation(_ context: DashboardContext) -> [HTML] {
        var items: [(String, String)] = []
        if context.organization != nil {
            items.append(("Customers", "/customers"))
            if context.role.allows(.useSegments) { items.append(("Segments", "/segments")) }
            if context.role.allows(.seeDuplicates) { items.append(("Duplicates", "/duplicates")) }
            if context.role.allows(.seeOrders) { items.append(("Orders", "/orders")) }
            items.append(("Tasks", "/tasks"))
            if context.organization?.courier == true {
                if context.role.allows(.seeClients) { items.append(("Clients", "/clients")) }
                if context.role.allows(.seeTeams) { items.append(("Teams", "/teams")) }
            }
            if context.role.allows(.seeNotifications) { items.append(("Notifications", "/notifications")) }
            if context.role.allows(.seeLoyalty) { items.append(("Gift cards", "/gift-cards")) }
            if context.role.allows(.viewStatistics) { items.append(("Statistics", "/stats")) }
            if context.role.allows(.manageUsers) {
                items.append(("Users", "/users"))
                items.append(("Settings", "/settings"))
            }
            if context.role.allows(.eraseCustomers) { items.append(("Erasure requests", "/erasure-requests")) }
        }
        if context.isSuperAdmin { items.append(("Organizations", "/organizations")) }
        return items.map { label, path in
            guard let count = context.navigationCounts[path], count > 0 else { return .link(label, to: path) }
            return .element("a", ["href": path], [
                .text(label + " "),
                .element("span", ["class": "count"], [.text(String(count)), .span(" open", class: "visually-hidden")]),
            ])
        }
    }

    private static func banner(_ context: DashboardContext?) -> HTML {
        guard let context, context.isSuperAdmin, let organization = context.organization else { return .empty }
        return .div(["class": "banner", "role": "note"], [
            .span("Super admin support access: you are acting inside “\(organization.name)”. Every page you open is recorded in the audit log."),
            .postForm("/organizations/leave", csrf: context.csrf, class: "inline", [.button("Leave organization", class: "button small")]),
        ])
    }

    private static func breadcrumbs(_ crumbs: [(label: String, href: String?)]) -> HTML {
        guard !crumbs.isEmpty else { return .empty }
        return .element("nav", ["aria-label": "Breadcrumb", "class": "breadcrumbs"], [
            .element("ol", [:], crumbs.map { crumb in
                .element("li", [:], [crumb.href.map { .link(crumb.label, to: $0) } ?? .element("span", ["aria-current": "page"], [.text(crumb.label)])])
            }),
        ])
    }
}
