import Foundation

/// A customer's points at a glance: the balance, and for the roles that see the ledger the points earned over its life
/// and the next points to expire.
enum LoyaltyFigures {
    static func figures(_ summary: LoyaltySummary, detailed: Bool) -> HTML {
        var items: [HTML] = [figure("Balance", LoyaltyEntryTable.points(summary.balance), id: "loyalty-balance")]
        if detailed {
            items.append(figure("Lifetime earned", LoyaltyEntryTable.points(summary.lifetimeEarned), id: "loyalty-lifetime"))
            let next = summary.nextExpiry.map { "\(LoyaltyEntryTable.points($0.points)) on \(Formats.date($0.expiresAt))" } ?? "None"
            items.append(figure("Next expiry", next, id: "loyalty-next-expiry"))
        }
        return .div(["class": "figures"], items)
    }

    private static func figure(_ label: String, _ value: String, id: String) -> HTML {
        .div(["class": "figure"], [.span(label, class: "muted"), .element("strong", ["id": id], [.text(value)])])
    }
}
