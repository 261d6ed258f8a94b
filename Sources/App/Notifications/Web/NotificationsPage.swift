import Foundation

/// `/notifications`: the organization's outbox. Failed ones first, each with a Retry button, then the rest newest
/// first; the filters live in the query string so that a link or the back button brings the same view.
enum NotificationsPage {
    struct Model {
        var query: [String: String]
        /// The first failed ones, on the first page of a view that does not filter by status.
        var failed: Page<OutboxNotification.Public>?
        var rest: Page<OutboxNotification.Public>?
        var customers: [UUID: String] = [:]
        /// The customer the view is narrowed to (`customer_id`), by name when it is one of the organization's.
        var customer: (id: UUID, name: String?)?
        var problem: String?
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        let here = "/notifications" + (m.query.isEmpty ? "" : "?" + Formats.query(m.query))
        let retry = NotificationTable.Retry(csrf: csrf, returnTo: here)
        return WebPage(title: "Notifications", breadcrumbs: [("Notifications", nil)], content: [
            .div(["class": "page-head"], [
                .h1("Notifications"),
                .link("Message templates", to: "/settings/templates", class: "button secondary"),
            ]),
            filters(m.query),
            customerNote(m),
            m.problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            failedSection(m, retry: retry),
            restSection(m, retry: retry),
        ])
    }

    private static func filters(_ query: [String: String]) -> HTML {
        let statuses = [("", "Any status")] + NotificationStatus.allCases.map { ($0.rawValue, Formats.label($0.rawValue)) }
        let channels = [("", "Any channel")] + NotificationChannel.allCases.map { ($0.rawValue, $0.label) }
        let events = [("", "Any event")] + NotificationEvent.allCases.map { ($0.rawValue, $0.label) }
        let filtered = ["status", "channel", "event", "customer_id"].contains { query[$0] != nil }
        return .element("form", ["method": "get", "action": "/notifications", "class": "card filters"], [
            .select("Status", name: "status", options: statuses, selected: query["status"]),
            .select("Channel", name: "channel", options: channels, selected: query["channel"]),
            .select("Event", name: "event", options: events, selected: query["event"]),
            query["customer_id"].map { .hidden("customer_id", $0) } ?? .empty,
            .div(["class": "field"], [.div(["class": "compact"], [
                .button("Filter"),
                filtered ? .link("Clear filters", to: "/notifications", class: "button secondary") : .empty,
            ])]),
        ])
    }

    private static func customerNote(_ m: Model) -> HTML {
        guard let customer = m.customer else { return .empty }
        var everyone = m.query
        everyone["customer_id"] = nil
        everyone["page"] = nil
        everyone["cursor"] = nil
        let name: HTML = customer.name.map { .link($0, to: "/customers/\(customer.id.canonicalString)") } ?? .text("a customer not found")
        return .p(["class": "hint"], [
            .text("Only the notifications of "), name, .text(". "),
            .link("Show every customer’s", to: "/notifications" + (everyone.isEmpty ? "" : "?" + Formats.query(everyone))),
        ])
    }

    private static func failedSection(_ m: Model, retry: NotificationTable.Retry) -> HTML {
        guard let failed = m.failed, failed.total > 0 else { return .empty }
        var all = m.query
        all["status"] = NotificationStatus.failed.rawValue
        return .section(["class": "card", "aria-labelledby": "failed-title"], [
            .h2("Failed (\(failed.total))", id: "failed-title"),
            .p("Delivery gave up on these after their attempts. Retry queues one again with a fresh set of attempts.", class: "hint"),
            NotificationTable.table(failed.data, caption: "Failed notifications", customers: m.customers, retry: retry),
            failed.total > failed.data.count
                ? .p([:], [.link("See all \(failed.total) failed notifications", to: "/notifications?" + Formats.query(all))])
                : .empty,
        ])
    }

    private static func restSection(_ m: Model, retry: NotificationTable.Retry) -> HTML {
        guard let rest = m.rest else { return .empty }
        let title = (m.failed?.total ?? 0) > 0 ? "Everything else, newest first" : "Newest first"
        return .section(["aria-labelledby": "rest-title"], [
            .h2(title, id: "rest-title"),
            rest.data.isEmpty
                ? .div(["class": "card empty"], [.p("No notifications match.")])
                : NotificationTable.table(rest.data, caption: "Notifications", customers: m.customers, retry: retry),
            ListPager.pager(rest.page, perPage: rest.perPage, total: rest.total, count: rest.data.count,
                            nextCursor: rest.nextCursor, base: "/notifications", query: m.query),
        ])
    }
}
