import Foundation

/// The organization's customer statistics: the figures, and a bar chart drawn here as SVG.
enum StatsPage {
    static func page(_ s: CustomerStats, weekly: WeeklyStats, timezone: TimeZone) -> WebPage {
        let figures: [(String, String)] = [
            ("Customers", String(s.totalCustomers)), ("Ordered in the last 30 days", String(s.activeLast30Days)),
            ("New this month", String(s.newThisMonth)), ("Average order value", s.averageOrderValue),
            ("Repeat customer rate", String(format: "%.1f %%", s.repeatCustomerRate * 100)),
            ("Loyalty members", String(s.loyaltyMembers)),
        ]
        return WebPage(title: "Statistics", breadcrumbs: [("Statistics", nil)], content: [
            .h1("Customer statistics"),
            .div(["class": "figures"], figures.map { .div(["class": "figure"], [.element("strong", [:], [.text($0.1)]), .span($0.0, class: "muted")]) }),
            .div(["class": "card"], [.h2("Customers at a glance"), chart([
                ("All customers", s.totalCustomers), ("Ordered, 30 days", s.activeLast30Days),
                ("New this month", s.newThisMonth), ("Loyalty members", s.loyaltyMembers),
            ])]),
            .div(["class": "charts"], charts(weekly, timezone: timezone)),
        ])
    }

    /// New customers, orders and the repeat rate of the last 12 weeks, each a chart with its table.
    static func charts(_ weekly: WeeklyStats, timezone: TimeZone) -> [HTML] {
        // The week's first day as a date in the organization's zone, labelled as such.
        let starts = weekly.weeks.map { $0.start.addingTimeInterval(Double(timezone.secondsFromGMT(for: $0.start))) }
        let count: (Double) -> String = { String(Int($0)) }
        return [
            WeeklyChart.card(.init(id: "new-customers", title: "New customers per week", column: "New customers",
                                   values: weekly.weeks.map { Double($0.newCustomers) }, format: count), weeks: starts),
            WeeklyChart.card(.init(id: "orders", title: "Orders per week", column: "Orders",
                                   values: weekly.weeks.map { Double($0.orders) }, format: count), weeks: starts),
            WeeklyChart.card(.init(id: "repeat-rate", title: "Repeat rate per week", column: "Repeat orders",
                                   values: weekly.weeks.map(\.repeatRate), format: { String(format: "%.0f %%", $0 * 100) }),
                             weeks: starts),
        ]
    }

    static func chart(_ bars: [(String, Int)]) -> HTML {
        let width = 640.0, rowHeight = 44.0, labelWidth = 170.0
        let maximum = Double(max(bars.map(\.1).max() ?? 1, 1))
        let height = rowHeight * Double(bars.count) + 10
        let rows: [HTML] = bars.enumerated().map { index, bar in
            let y = Double(index) * rowHeight + 8
            let length = max(2, (width - labelWidth - 70) * Double(bar.1) / maximum)
            return .group([
                .element("text", ["x": "0", "y": HTML.number(y + 21), "font-size": "14", "fill": "#1d2430"], [.text(bar.0)]),
                .element("rect", ["x": HTML.number(labelWidth), "y": HTML.number(y + 4), "width": HTML.number(length),
                                  "height": "24", "rx": "4", "fill": "#2357d9"], []),
                .element("text", ["x": HTML.number(labelWidth + length + 8), "y": HTML.number(y + 21), "font-size": "14",
                                  "fill": "#1d2430"], [.text(String(bar.1))]),
            ])
        }
        return .element("svg", ["viewBox": "0 0 \(Int(width)) \(Int(height))", "width": "100%", "role": "img",
                                "class": "chart", "aria-label": bars.map { "\($0.0): \($0.1)" }.joined(separator: ", "),
                                "xmlns": "http://www.w3.org/2000/svg"], rows)
    }
}
