import Foundation

/// A small column chart of one figure per week, drawn on the server as SVG (no script), with the same numbers as a
/// table beneath it: the table is what a screen reader reads, so the drawing is hidden from it.
enum WeeklyChart {
    struct Series {
        let id: String
        let title: String
        let column: String
        /// The week's value, nil where there is none (a rate without orders).
        let values: [Double?]
        let format: (Double) -> String
    }

    static func card(_ series: Series, weeks: [Date]) -> HTML {
        .section(["class": "card chart-card", "aria-labelledby": "\(series.id)-title"], [
            .h2(series.title, id: "\(series.id)-title"),
            svg(series, weeks: weeks),
            .element("details", [:], [
                .element("summary", [:], [.text("The numbers")]),
                .table(caption: series.title, head: [.th("Week of"), .element("th", ["scope": "col", "class": "num"], [.text(series.column)])],
                       rows: zip(weeks, series.values).map { week, value in
                           .element("tr", [:], [.td(label(week, long: true)), .td(value.map(series.format) ?? "—", class: "num")])
                       }),
            ]),
        ])
    }

    static func svg(_ series: Series, weeks: [Date]) -> HTML {
        let width = 640.0, height = 200.0, left = 8.0, bottom = 28.0, top = 22.0
        let values = series.values
        let maximum = max(values.compactMap { $0 }.max() ?? 0, 0.000_001)
        let slot = (width - left * 2) / Double(max(values.count, 1))
        let bars: [HTML] = values.enumerated().map { index, value in
            let x = left + Double(index) * slot + slot * 0.15
            let barHeight = value.map { max(($0 / maximum) * (height - bottom - top), $0 > 0 ? 2 : 0) } ?? 0
            let y = height - bottom - barHeight
            return .group([
                .element("rect", ["x": HTML.number(x), "y": HTML.number(y), "width": HTML.number(slot * 0.7),
                                  "height": HTML.number(barHeight), "rx": "3", "fill": "#2357d9"], []),
                .element("text", ["x": HTML.number(x + slot * 0.35), "y": HTML.number(y - 5), "font-size": "11",
                                  "text-anchor": "middle", "fill": "#1d2430"], [.text(value.map(series.format) ?? "")]),
                .element("text", ["x": HTML.number(x + slot * 0.35), "y": HTML.number(height - 10), "font-size": "11",
                                  "text-anchor": "middle", "fill": "#5b6472"], [.text(label(weeks[index], long: false))]),
            ])
        }
        return .element("svg", ["viewBox": "0 0 \(Int(width)) \(Int(height))", "width": "100%", "class": "chart",
                                "aria-hidden": "true", "focusable": "false", "xmlns": "http://www.w3.org/2000/svg"],
                        [.element("line", ["x1": HTML.number(left), "x2": HTML.number(width - left), "y1": HTML.number(height - bottom),
                                           "y2": HTML.number(height - bottom), "stroke": "#c9ced6"], [])] + bars)
    }

    private static func label(_ date: Date, long: Bool) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = .gmt
        formatter.dateFormat = long ? "d MMM yyyy" : "d MMM"
        return formatter.string(from: date)
    }
}
