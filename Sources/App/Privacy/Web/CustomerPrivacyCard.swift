import Foundation

/// The GDPR actions on a customer's page: download everything held about the person (admins and dispatchers), and
/// erase the record (admins, after a confirmation page where the name is typed out).
enum CustomerPrivacyCard {
    static func card(_ customer: Customer, canExport: Bool, canErase: Bool) -> HTML {
        guard canExport || canErase else { return .empty }
        let path = "/customers/\(customer.id!.canonicalString)"
        return .section(["class": "card", "aria-labelledby": "privacy-title"], [
            .h2("Personal data", id: "privacy-title"),
            .p("What the person may ask for under data-protection law: a copy of their data, or its erasure.", class: "muted"),
            .div(["class": "actions"], [
                canExport ? .element("a", ["href": path + "/data-export", "class": "button secondary", "download": ""],
                                     [.text("Download their data (JSON)")]) : .empty,
                canErase ? .link("Erase…", to: path + "/erase", class: "button danger") : .empty,
            ]),
        ])
    }
}
