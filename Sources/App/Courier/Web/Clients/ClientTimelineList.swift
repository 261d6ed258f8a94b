import Foundation

/// A client's timeline on its page: each step, who took it and when, with what changed in words.
enum ClientTimelineList {
    static func section(_ page: Page<ClientEvent.Public>, base: String, query: [String: String]) -> HTML {
        .section(["class": "card", "aria-labelledby": "timeline-title"], [
            .h2("Timeline", id: "timeline-title"),
            page.data.isEmpty ? .p("Nothing yet.", class: "muted") : .element("ol", ["class": "timeline"], page.data.map { event in
                let said = describe(event)
                return .element("li", [:], [
                    .element("strong", [:], [.text(title(event.kind))]),
                    .text(" by \(event.actorName ?? "the system")"),
                    said.isEmpty ? .empty : .p(said, class: "muted"),
                    .p(Formats.dateTime(event.createdAt), class: "muted"),
                ])
            }),
            CourierPager.pager(page: page.page, perPage: page.perPage, total: page.total, key: "timeline_page", base: base, query: query),
        ])
    }

    static func title(_ kind: String) -> String {
        switch ClientEvent.Kind(rawValue: kind) {
        case .created?: "Created"
        case .invited?: "Invited"
        case .accepted?: "Invitation accepted"
        case .updated?: "Changed"
        case .deleted?: "Deleted"
        case .emailChangeRequested?: "Email change requested"
        case .emailConfirmed?: "Email confirmed"
        case .settingsChanged?: "Settings changed"
        case nil: Formats.label(kind)
        }
    }

    /// "Invitation sent to a@b.example", or the changed fields: texts as they are, settings by name only.
    static func describe(_ event: ClientEvent.Public) -> String {
        guard case let .object(details) = event.details, !details.isEmpty else { return "" }
        if event.kind == ClientEvent.Kind.invited.rawValue, case let .string(email)? = details["email"] {
            if case .bool(true)? = details["again"] { return "Invitation sent again to " + email }
            return "Invitation sent to " + email
        }
        if event.kind == ClientEvent.Kind.emailChangeRequested.rawValue, case let .string(email)? = details["pending_email"] {
            return "Waiting for confirmation from \(email)"
        }
        return details.keys.sorted().map { key in
            switch details[key] {
            case let .string(text)?: "\(Formats.label(key)): \(text)"
            case .null?: "\(Formats.label(key)): cleared"
            default: Formats.label(key)
            }
        }.joined(separator: "; ")
    }
}
