/// The points part of an organization's page: the balance and what expires next, the rewards the person may redeem
/// (a button each), and the ledger — what happened and its points, never who did it.
enum AccountLoyaltySection {
    static func section(_ m: AccountOrganizationPage.Model, context: AccountPortalContext) -> HTML {
        let loyalty = m.loyalty
        guard loyalty.enabled || loyalty.summary.balance != 0 || loyalty.total > 0 else {
            return .section(["class": "card", "aria-labelledby": "loyalty-title"], [
                .h2("Points", id: "loyalty-title"),
                .p("\(m.link.organization.name) has no loyalty programme.", class: "muted"),
            ])
        }
        let time = context.time
        return .section(["class": "card", "aria-labelledby": "loyalty-title"], [
            .h2("Points", id: "loyalty-title"),
            figures(loyalty.summary, time: time),
            AccountPages.alert(m.problem),
            rewards(m, balance: loyalty.summary.balance, csrf: context.csrf),
            .element("h3", [:], [.text("History")]),
            loyalty.entries.isEmpty ? .p("No points yet.", class: "muted") : ledger(loyalty, time: time),
        ])
    }

    private static func figures(_ summary: LoyaltySummary, time: PortalDateTime) -> HTML {
        func figure(_ number: Int, _ text: String, id: String? = nil) -> HTML {
            .div(["class": "figure", "id": id], [.element("strong", [:], [.text(String(number))]), .span(text)])
        }
        var figures = [figure(summary.balance, "points to spend", id: "loyalty-balance"), figure(summary.lifetimeEarned, "earned in all")]
        if let next = summary.nextExpiry { figures.append(figure(next.points, "expire on \(time.display(next.expiresAt))")) }
        return .div(["class": "figures"], figures)
    }

    private static func rewards(_ m: AccountOrganizationPage.Model, balance: Int, csrf: String) -> HTML {
        guard m.loyalty.enabled, !m.loyalty.rewards.isEmpty else { return .empty }
        let rows = m.loyalty.rewards.map { reward -> HTML in
            .element("tr", ["id": "reward-\(reward.id.canonicalString)"], [
                .td(reward.name, class: "primary"),
                .td("\(reward.pointsCost) points", label: "Costs"),
                .element("td", [:], [
                    reward.pointsCost <= balance
                        ? .postForm(m.base + "/rewards/\(reward.id.canonicalString)/redeem", csrf: csrf, class: "inline", [
                            .button("Redeem", class: "button small", label: "Redeem \(reward.name) for \(reward.pointsCost) points"),
                        ])
                        : .span("\(reward.pointsCost - balance) more points needed", class: "muted"),
                ]),
            ])
        }
        return .group([
            .element("h3", [:], [.text("Rewards")]),
            .table(caption: "Rewards of \(m.link.organization.name)",
                   head: [.th("Reward"), .th("Costs"), .element("th", ["scope": "col"], [.span("Redeem", class: "visually-hidden")])],
                   rows: rows, stacked: true),
        ])
    }

    private static func ledger(_ loyalty: AccountOrganizationPage.Loyalty, time: PortalDateTime) -> HTML {
        let rows = loyalty.entries.map { entry -> HTML in
            .element("tr", [:], [
                .td(time.display(entry.createdAt), class: "primary"),
                .td(what(entry), label: "What"),
                .td(entry.points > 0 ? "+\(entry.points)" : String(entry.points), label: "Points", class: "num"),
                .td(String(entry.balanceAfter), label: "Balance", class: "num"),
            ])
        }
        return .group([
            .table(caption: "Points history, newest first", head: [.th("When"), .th("What"), .th("Points"), .th("Balance")],
                   rows: rows, stacked: true),
            loyalty.total > loyalty.entries.count ? .p("The latest \(loyalty.entries.count) of \(loyalty.total) entries.", class: "hint") : .empty,
        ])
    }

    private static func what(_ entry: AccountSelfService.LedgerEntry) -> String {
        let kind = switch entry.kind {
        case "earn": "Earned"
        case "redeem": "Redeemed"
        case "adjust": "Adjusted"
        case "bonus": "Bonus"
        case "expire": "Expired"
        case "reversal": "Reversed"
        default: Formats.label(entry.kind)
        }
        guard let reason = entry.reason, !reason.isEmpty, entry.kind != "earn" || entry.orderID == nil else { return kind }
        return "\(kind): \(reason)"
    }
}
