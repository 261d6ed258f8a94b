import Foundation
import Vapor

/// The head of the tracking page as the client's recipients will see it, beside the settings form. It shows the saved
/// look with the tracking page's own stylesheet rule (one inline `<style>`, allowed by its hash); the dashboard script
/// redraws it as the client types.
enum TrackingPreview {
    static func section(clientName: String, courier: String, settings: ClientSettings) -> HTML {
        let look = TrackingLook(clientName: clientName, settings: settings)
        return .section(["class": "card", "aria-labelledby": "preview-title"], [
            look.style.map { .element("style", [:], [.text($0)]) } ?? .empty,
            .h2("Preview of your tracking page", id: "preview-title"),
            .div(["class": "tracking-preview", "id": "tracking-preview"], [
                .div(["class": "brand-band", "id": "preview-band"], [
                    .void("img", ["src": look.logoURL, "alt": "\(clientName) logo", "class": "brand-logo", "height": "48",
                                  "id": "preview-logo", "hidden": HTML.flag(look.logoURL == nil)]),
                    .p("Your delivery from \(clientName)", class: "preview-heading"),
                    .p("Delivered by \(courier)"),
                ]),
                .p("Status: \(TrackingPage.label(TaskStatus.inTransit.rawValue))", class: "status"),
                .element("p", ["class": "brand-message", "id": "preview-message", "hidden": HTML.flag(look.message == nil)],
                         [.text(look.message ?? "")]),
            ]),
        ])
    }

    /// The page's policy: its one inline stylesheet by hash, and a logo from any https host (as on the tracking page).
    static func allow(_ settings: ClientSettings, clientName: String, on response: Response) {
        TrackingLook(clientName: clientName, settings: settings).allow(on: response)
    }
}
