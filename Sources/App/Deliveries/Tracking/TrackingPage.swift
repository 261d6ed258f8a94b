import Vapor

/// The public tracking page of a task (`/track/{code}`): no cookies, cacheable for a few seconds.
enum TrackingPage {
    static func render(_ view: TrackingView) -> Response {
        let look = view.look
        let title = look.map { "Your delivery from \($0.clientName)" } ?? "Your delivery from \(view.organizationName)"
        var band: [HTML] = []
        if let logo = look?.logoURL {
            band.append(.void("img", ["src": logo, "alt": "\(look?.clientName ?? "") logo", "class": "brand-logo", "height": "48"]))
        }
        band.append(.h1(title))
        if look != nil { band.append(.p("Delivered by \(view.organizationName)")) }
        var content: [HTML] = [.div(["class": "brand-band"], band)]
        if let firstName = view.firstName { content.append(.p("For \(firstName)\(view.city.map { " in \($0)" } ?? "")", class: "muted")) }
        content.append(.p("Status: \(label(view.status))", class: "status"))
        if let message = look?.message { content.append(.p(message, class: "brand-message")) }
        if let eta = view.eta { content.append(.p("Expected by \(ETAFormat.string(eta, timeZone: view.timezone))")) }
        content.append(.h2("Progress"))
        // `.ul` wraps each item in its own `<li>`.
        content.append(.ul([:], view.moves.map { move in
            .text("\(label(move.status)) — \(ETAFormat.string(move.at, timeZone: view.timezone))")
        }))
        if !view.messages.isEmpty {
            content.append(.h2("Messages"))
            content.append(.ul([:], view.messages.map { message in
                .text("\(ETAFormat.string(message.at, timeZone: view.timezone)): \(message.body)")
            }))
        }
        let style = look?.style
        if let style { content.insert(.element("style", [:], [.text(style)]), at: 0) }
        let response = cacheable(Layout.response(WebPage(title: title, content: [.div(["class": "card"], content)]), context: nil))
        // The client's colour is one inline stylesheet, allowed by its hash; its logo may come from any https host.
        look?.allow(on: response)
        return response
    }

    static func notFound() -> Response {
        cacheable(Layout.response(WebPage(title: "Not found", content: [.div(["class": "card"], [
            .h1("Not found"), .p("There is no delivery with this tracking link. It may have been copied incompletely."),
        ])]), context: nil, status: .notFound))
    }

    private static func cacheable(_ response: Response) -> Response {
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=5")
        return response
    }

    static func label(_ status: String) -> String {
        switch TaskStatus(rawValue: status) {
        case .new?, .awaitingAssignment?: "Received"
        case .assigned?: "Driver assigned"
        case .accepted?: "Driver on the way to pick up"
        case .inTransit?: "On its way"
        case .completed?: "Delivered"
        case .cancelled?: "Cancelled"
        case nil: status
        }
    }
}
