/// Short names for the elements the pages use most.
extension HTML {
    typealias Attributes = KeyValuePairs<String, String?>

    static func div(_ attributes: Attributes = [:], _ children: [HTML]) -> HTML { element("div", attributes, children) }
    static func section(_ attributes: Attributes = [:], _ children: [HTML]) -> HTML { element("section", attributes, children) }
    static func p(_ attributes: Attributes = [:], _ children: [HTML]) -> HTML { element("p", attributes, children) }
    static func p(_ text: String, class className: String? = nil) -> HTML { element("p", ["class": className], [.text(text)]) }
    static func span(_ text: String, class className: String? = nil) -> HTML { element("span", ["class": className], [.text(text)]) }
    static func h1(_ text: String) -> HTML { element("h1", [:], [.text(text)]) }
    static func h2(_ text: String, id: String? = nil) -> HTML { element("h2", ["id": id], [.text(text)]) }
    static func link(_ text: String, to href: String, class className: String? = nil) -> HTML {
        element("a", ["href": href, "class": className], [.text(text)])
    }
    static func ul(_ attributes: Attributes = [:], _ items: [HTML]) -> HTML {
        element("ul", attributes, items.map { element("li", [:], [$0]) })
    }
    /// A table in a scrolling frame; `stacked` tables turn each row into a card on a phone-sized screen.
    static func table(caption: String, head: [HTML], rows: [HTML], stacked: Bool = false) -> HTML {
        div(["class": stacked ? "table-wrap stack" : "table-wrap"], [
            element("table", [:], [
                element("caption", ["class": "visually-hidden"], [.text(caption)]),
                element("thead", [:], [element("tr", [:], head)]),
                element("tbody", [:], rows),
            ]),
        ])
    }
    static func th(_ text: String) -> HTML { element("th", ["scope": "col"], [.text(text)]) }
    static func td(_ text: String, class className: String? = nil) -> HTML { element("td", ["class": className], [.text(text)]) }
    static func td(_ children: [HTML], class className: String? = nil) -> HTML { element("td", ["class": className], children) }
    /// A cell that names its column when the row is shown as a card; an empty value is left out there.
    static func td(_ text: String, label: String, class className: String? = nil) -> HTML {
        let empty = text.isEmpty || text == "—"
        let classes = [className, empty ? "blank" : nil].compactMap { $0 }.joined(separator: " ")
        return element("td", ["data-label": label, "class": classes.isEmpty ? nil : classes], [.text(text)])
    }

    /// A `<form method=post>` carrying the session's CSRF token.
    static func postForm(_ action: String, csrf: String, class className: String? = nil, confirm: String? = nil,
                         _ children: [HTML]) -> HTML {
        element("form", ["method": "post", "action": action, "class": className,
                         "data-confirm": confirm], [hidden("_csrf", csrf)] + children)
    }
    static func hidden(_ name: String, _ value: String) -> HTML {
        void("input", ["type": "hidden", "name": name, "value": value])
    }
    static func button(_ text: String, class className: String = "button", name: String? = nil, value: String? = nil,
                       label: String? = nil) -> HTML {
        element("button", ["type": "submit", "class": className, "name": name, "value": value, "aria-label": label],
                [.text(text)])
    }
}
