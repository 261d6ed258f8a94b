import Foundation

/// The customers page's filters beyond search, status and tag: the segment filters in a disclosure that is open when
/// one is set, the saved segment to start from, and "Save as segment" for the filters in use.
enum CustomerFilterPanel {
    /// The query keys of the panel (besides the page's own `q`, `status`, `tag`).
    static let keys = ["segment_id", "orders_min", "orders_max", "spent_min", "spent_max", "last_order_from", "last_order_to",
                       "city", "country", "opted_in", "loyalty_min", "created_from", "created_to", "has_email", "has_phone"]

    static func more(_ query: [String: String], segments: [(id: String, name: String)]?) -> HTML {
        let open = keys.contains { query[$0] != nil && $0 != "segment_id" }
        return .div(["class": "field wide"], [
            segments.map { list in
                .select("Segment", name: "segment_id", options: [("", "No segment")] + list.map { ($0.id, $0.name) },
                        selected: query["segment_id"])
            } ?? .empty,
            .element("details", ["class": "more-filters", "open": open ? "" : nil], [
                .element("summary", [:], [.text("More filters")]),
                .div(["class": "grid"], [
                    .field("Orders, at least", name: "orders_min", value: query["orders_min"], type: "number"),
                    .field("Orders, at most", name: "orders_max", value: query["orders_max"], type: "number"),
                    .field("Spent, at least", name: "spent_min", value: query["spent_min"], hint: "e.g. 200 or 199.50"),
                    .field("Spent, at most", name: "spent_max", value: query["spent_max"]),
                    .field("Last order from", name: "last_order_from", value: query["last_order_from"],
                           hint: "YYYY-MM-DD, or -30d for 30 days ago"),
                    .field("Last order before the end of", name: "last_order_to", value: query["last_order_to"],
                           hint: "-60d: no order in the last 60 days"),
                    .field("City", name: "city", value: query["city"]),
                    .field("Country", name: "country", value: query["country"], hint: "Two letters, e.g. IT"),
                    .select("Agreed to marketing by", name: "opted_in", options: [("", "Any"), ("email", "Email"), ("sms", "SMS")],
                            selected: query["opted_in"]),
                    .field("Points, at least", name: "loyalty_min", value: query["loyalty_min"], type: "number"),
                    .field("Created from", name: "created_from", value: query["created_from"], type: "date"),
                    .field("Created to", name: "created_to", value: query["created_to"], type: "date"),
                    .select("Email", name: "has_email", options: [("", "Any"), ("true", "Has an email"), ("false", "No email")],
                            selected: query["has_email"]),
                    .select("Phone", name: "has_phone", options: [("", "Any"), ("true", "Has a phone"), ("false", "No phone")],
                            selected: query["has_phone"]),
                ]),
            ]),
        ])
    }

    /// "Save as segment": the filters in use (a segment's own, with what the page added) under a new name.
    static func saveForm(_ query: [String: String], csrf: String) -> HTML {
        let filters = query.filter { CustomerListParameters.filterNames.contains($0.key) }
        guard !filters.isEmpty || query["segment_id"] != nil else { return .empty }
        return .postForm("/segments", csrf: csrf, class: "card inline-form", [
            .field("Save these filters as a segment named", name: "name", value: nil, required: true, idPrefix: "segment"),
            query["segment_id"].map { .hidden("from_segment_id", $0) } ?? .empty,
            .element("div", [:], filters.sorted { $0.key < $1.key }.map { .hidden($0.key, $0.value) }),
            .div(["class": "field"], [.button("Save segment", class: "button secondary")]),
        ])
    }

    /// Export links of the view as shown (search, filters and segment; not the page).
    static func exportLinks(_ query: [String: String]) -> HTML {
        var view = query
        view["page"] = nil
        view["cursor"] = nil
        let suffix = view.isEmpty ? "" : "?" + Formats.query(view)
        return .div(["class": "actions"], [
            .link("Export CSV", to: "/customers/export.csv" + suffix, class: "button secondary small"),
            .link("Export XLSX", to: "/customers/export.xlsx" + suffix, class: "button secondary small"),
        ])
    }
}
