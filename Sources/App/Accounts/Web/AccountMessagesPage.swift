import Foundation

/// `/account/messages`: the in-app messages the person's organizations sent about its orders and deliveries, newest
/// first.
enum AccountMessagesPage {
    static let keys = ["page", "per_page"]

    static func page(_ messages: Page<AccountSelfService.Message>, organizations: [UUID: String], query: [String: String],
                     context: AccountPortalContext) -> WebPage {
        let time = context.time
        return WebPage(title: "Messages", content: [
            .h1("Messages"),
            messages.data.isEmpty ? .div(["class": "card empty"], [.p("No messages yet.")]) : .group(messages.data.map { message in
                .section(["class": "card", "id": "message-\(message.id.canonicalString)"], [
                    .h2(message.subject ?? Formats.label(message.event)),
                    .p("\(organizations[message.organizationID] ?? "An organization you left") · \(time.display(message.createdAt))",
                       class: "hint"),
                    .element("pre", ["class": "message"], [.text(message.body)]),
                ])
            }),
            ListPager.pager(messages.page, perPage: messages.perPage, total: messages.total, count: messages.data.count,
                            nextCursor: nil, base: "/account/messages", query: query),
        ])
    }
}
