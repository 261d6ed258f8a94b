import ClienteleCore
import Foundation

/// A table of ledger entries, newest first: date, kind, points (signed), balance after, reason, who. On a phone each
/// entry is a card.
enum LoyaltyEntryTable {
    static func table(_ entries: [LoyaltyEntry.Public], caption: String) -> HTML {
        .table(caption: caption, head: [.th("Date"), .th("Kind"), .th("Points"), .th("Balance after"), .th("Reason"), .th("Who")],
               rows: entries.map { row($0.entry) }, stacked: true)
    }

    private static func row(_ e: LoyaltyEntry) -> HTML {
        .element("tr", ["id": "entry-\(e.id.canonicalString)"], [
            .td([.text(Formats.dateTime(e.createdAt))], class: "primary"),
            .td(kind(e.kind), label: "Kind"),
            .td(signed(e.points), label: "Points", class: "num"),
            .td(String(e.balanceAfter), label: "Balance after", class: "num"),
            .td(e.reason ?? "—", label: "Reason"),
            .td(who(e), label: "Who"),
        ])
    }

    static func kind(_ kind: LoyaltyEntryKind) -> String {
        switch kind {
        case .earn: "Earned"
        case .redeem: "Redeemed"
        case .adjust: "Adjusted"
        case .bonus: "Bonus"
        case .expire: "Expired"
        case .reversal: "Reversed"
        }
    }

    /// "+50", "-20".
    static func signed(_ points: Int) -> String { points > 0 ? "+\(points)" : String(points) }

    /// The user who moved the points, or the system for the scheduled jobs and orders.
    static func who(_ e: LoyaltyEntry) -> String {
        e.actorName ?? (e.actorUserID == nil ? "System" : "A user")
    }

    /// "1 point", "120 points".
    static func points(_ n: Int) -> String { n == 1 || n == -1 ? "\(n) point" : "\(n) points" }
}
