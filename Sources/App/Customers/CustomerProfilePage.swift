import Foundation

/// One customer: the profile form, its customer account link, the address book, order and delivery history, loyalty and
/// gift cards, notifications, the "Send message" form, and the timeline.
enum CustomerProfilePage {
    struct Model {
        var customer: Customer
        var values: [String: String]
        var errors = FormErrors()
        var guests: [User] = []
        var addresses: [Address] = []
        var addressErrors: (id: String, errors: FormErrors, values: [String: String])?
        var orders: Page<Order.Public>?
        var tasks: Page<DeliveryTask.Public>?
        var timeline: CustomerEventPage?
        var canWrite: Bool
        var canDelete: Bool
        var canAssignManager: Bool
        var showsNotes: Bool
        var query: [String: String] = [:]
        var notifications = CustomerNotificationsPanel()
        var loyalty = CustomerLoyaltyPanel()
        var account = CustomerAccountPanel()
        var duplicates: [PossibleDuplicate] = []
        var canMerge = false
        var merges: [MergesPage.Row] = []
        var canExportData = false
        var canErase = false
    }

    static func page(_ m: Model, csrf: String) -> WebPage {
        let path = "/customers/\(m.customer.id!.canonicalString)"
        return WebPage(title: m.customer.name, breadcrumbs: [("Customers", "/customers"), (m.customer.name, nil)], content: [
            .div(["class": "page-head"], [
                .h1(m.customer.name),
                m.canWrite ? .link("New order", to: "/orders/new?" + Formats.query(["customer_mode": "existing",
                                                                                   "customer_id": m.customer.id!.canonicalString]),
                                   class: "button secondary") : .empty,
                m.canDelete ? .postForm(path + "/delete", csrf: csrf, class: "inline",
                                        confirm: "Delete \(m.customer.name)? This cannot be undone.",
                                        [.button("Delete customer", class: "button danger")]) : .empty,
            ]),
            .div(["class": "columns"], [
                .div([:], [
                    m.canWrite
                        ? CustomerForm.form(action: path, values: m.values, errors: m.errors, guests: m.guests,
                                            canAssignManager: m.canAssignManager, showsNotes: m.showsNotes,
                                            submit: "Update customer", csrf: csrf)
                        : summary(m),
                    PossibleDuplicatesCard.card(m.duplicates, of: m.customer.id!, canMerge: m.canMerge),
                    m.account.card(csrf: csrf),
                    CustomerHistory.orders(m.orders, base: path, query: m.query),
                    CustomerHistory.tasks(m.tasks, base: path, query: m.query),
                    m.loyalty.loyaltyCard(m.customer, csrf: csrf),
                    m.notifications.latestCard(customerID: m.customer.id!),
                ]),
                .div([:], [
                    AddressBookView.card(m, path: path, csrf: csrf),
                    m.loyalty.giftCardsCard(m.customer, canIssue: m.loyalty.canChange),
                    m.notifications.messageCard(m.customer, csrf: csrf),
                    CustomerHistory.timeline(m.timeline, base: path, query: m.query),
                    MergesPage.card(m.merges, customerID: m.customer.id!, csrf: csrf),
                    CustomerPrivacyCard.card(m.customer, canExport: m.canExportData, canErase: m.canErase),
                ]),
            ]),
        ])
    }

    /// What a caller without write access sees (agents: name, phone, notes; the address book shows addresses).
    private static func summary(_ m: Model) -> HTML {
        let c = m.customer
        var rows: [(String, String)] = [("Name", c.name), ("Phone", c.phone ?? "—")]
        if m.showsNotes { rows.append(("Notes", c.notes ?? "—")) }
        return .div(["class": "card"], [
            .h2("Profile"),
            .element("dl", ["class": "details"], rows.flatMap { [HTML.element("dt", [:], [.text($0.0)]), .element("dd", [:], [.text($0.1)])] }),
        ])
    }
}
