import Foundation

/// `/erasure-requests`: the open requests first (each with "Erase the record" and "Dismiss" with its reason), then the
/// handled ones with who handled them, when and why. Each list keeps its page in the query string.
enum ErasureRequestsPage {
    static let pageKeys = ["open_page", "handled_page"]

    /// What was typed into one request's "Dismiss" form when it was refused.
    struct Typed {
        var id: UUID
        var values: [String: String]
        var errors: FormErrors
    }

    struct Model {
        var open: Page<AccountErasureRequest.Public>
        var handled: Page<AccountErasureRequest.Public>
        var query: [String: String]
        var typed: Typed?
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        WebPage(title: "Erasure requests", breadcrumbs: [("Erasure requests", nil)], content: [
            .h1("Erasure requests"),
            .p("People who deleted their customer account asked you to erase your record of them. Erase it, or dismiss the request "
               + "saying why the record is kept (a legal hold, an unpaid invoice).", class: "hint"),
            .section(["class": "erasure-requests", "aria-labelledby": "open-title"], [
                .h2("Open (\(m.open.total))", id: "open-title"),
                m.open.data.isEmpty ? .div(["class": "card empty"], [.p("No open requests.")])
                    : .element("ul", ["class": "request-list"], m.open.data.map { openItem($0, typed: m.typed, csrf: csrf) }),
                pager(m.open, key: "open_page", query: m.query),
            ]),
            .section(["class": "erasure-requests", "aria-labelledby": "handled-title"], [
                .h2("Handled", id: "handled-title"),
                m.handled.data.isEmpty ? .div(["class": "card empty"], [.p("No request handled yet.")])
                    : .element("ul", ["class": "request-list"], m.handled.data.map(handledItem)),
                pager(m.handled, key: "handled_page", query: m.query),
            ]),
        ])
    }

    private static func customer(_ r: AccountErasureRequest.Public) -> HTML {
        guard let name = r.customerName else { return .span("A customer no longer on file", class: "muted") }
        return .link(name, to: "/customers/\(r.customerID.canonicalString)")
    }

    private static func openItem(_ r: AccountErasureRequest.Public, typed: Typed?, csrf: String) -> HTML {
        let id = r.id.canonicalString
        let mine = typed?.id == r.id ? typed : nil
        let errors = mine?.errors ?? FormErrors()
        return .element("li", ["class": "card", "id": "request-\(id)"], [
            .element("h3", [:], [customer(r)]),
            .p("Requested \(Formats.dateTime(r.requestedAt))", class: "muted"),
            .div(["class": "actions"], [
                .link("Erase the record", to: "/erasure-requests/\(id)/erase", class: "button danger"),
            ]),
            .postForm("/erasure-requests/\(id)/dismiss", csrf: csrf, class: "dismiss-form", [
                .field("Why the record is kept", name: "reason", value: mine?.values["reason"], errors: errors, required: true,
                       idPrefix: "dismiss-\(id)", hint: "Required to dismiss: e.g. a legal hold on invoices until 2031."),
                .button("Dismiss", class: "button secondary", label: "Dismiss the request of \(r.customerName ?? "this customer")"),
            ]),
        ])
    }

    private static func handledItem(_ r: AccountErasureRequest.Public) -> HTML {
        let what = r.status == AccountErasureRequest.Status.erased.rawValue ? "Erased" : "Dismissed"
        let by = r.handledBy.map { " by \($0)" } ?? ""
        return .element("li", ["class": "card", "id": "request-\(r.id.canonicalString)"], [
            .element("h3", [:], [customer(r), .text(" "), .span(what, class: "status \(what == "Erased" ? "completed" : "cancelled")")]),
            .p("Requested \(Formats.dateTime(r.requestedAt))", class: "muted"),
            .p("\(what)\(by) on \(Formats.dateTime(r.handledAt))" + (r.reason.map { ": \($0)" } ?? "")),
        ])
    }

    /// Previous / next by page number under `key`, keeping the other list's page.
    private static func pager(_ page: Page<AccountErasureRequest.Public>, key: String, query: [String: String]) -> HTML {
        guard page.total > page.perPage else { return .empty }
        let pages = (page.total + page.perPage - 1) / page.perPage
        func link(_ label: String, _ target: Int) -> HTML {
            var q = query
            q[key] = target > 1 ? String(target) : nil
            let rest = Formats.query(q)
            return .link(label, to: rest.isEmpty ? "/erasure-requests" : "/erasure-requests?" + rest, class: "button secondary small")
        }
        return .element("nav", ["class": "pager", "aria-label": key == "open_page" ? "Pages of open requests" : "Pages of handled requests"], [
            .span("Page \(page.page) of \(pages)"),
            .div(["class": "actions"], [
                page.page > 1 ? link("← Previous", page.page - 1) : .empty,
                page.page < pages ? link("Next →", page.page + 1) : .empty,
            ]),
        ])
    }
}
