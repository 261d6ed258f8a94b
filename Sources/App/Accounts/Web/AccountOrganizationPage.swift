/// `/account/organizations/{id}`: what the person keeps with one organization — its addresses there (add, edit,
/// delete) and its points (balance, the rewards it may redeem, the ledger without staff names).
enum AccountOrganizationPage {
    struct Model {
        let link: AccountLinksService.View
        let addresses: [Address]
        let loyalty: Loyalty
        /// A refused address form: which one (`new` or its id), its messages and what was typed.
        var addressErrors: (id: String, errors: FormErrors, values: [String: String])?
        /// A refused redemption, said above the rewards.
        var problem: String?

        var base: String { "/account/organizations/\(link.organizationID.canonicalString)" }
    }

    struct Loyalty {
        let enabled: Bool
        let summary: LoyaltySummary
        let rewards: [Reward.Public]
        let entries: [AccountSelfService.LedgerEntry]
        let total: Int
    }

    static func page(_ m: Model, context: AccountPortalContext) -> WebPage {
        let name = m.link.organization.name
        return WebPage(title: name, breadcrumbs: [("Organizations", "/account/organizations"), (name, nil)], content: [
            .h1(name),
            addresses(m, csrf: context.csrf),
            AccountLoyaltySection.section(m, context: context),
        ])
    }

    private static func addresses(_ m: Model, csrf: String) -> HTML {
        let failedNew = m.addressErrors?.id == "new" ? m.addressErrors : nil
        return .section(["class": "card", "aria-labelledby": "addresses-title"], [
            .h2("Your addresses at \(m.link.organization.name)", id: "addresses-title"),
            m.addresses.isEmpty ? .p("No saved addresses yet.", class: "muted") : .empty,
            .group(m.addresses.map { address($0, m, csrf: csrf) }),
            .element("details", ["open": HTML.flag(failedNew != nil || m.addresses.isEmpty)], [
                .element("summary", [:], [.text("Add an address")]),
                .postForm(m.base + "/addresses", csrf: csrf, [
                    .errorSummary(failedNew?.errors ?? FormErrors()),
                    AddressBookView.inputs(failedNew?.values ?? [:], errors: failedNew?.errors ?? FormErrors(), prefix: "a-new"),
                    .checkbox("Make it the default address", name: "is_default", checked: failedNew?.values["is_default"] == "true",
                              idPrefix: "a-new"),
                    .button("Add address", class: "button small"),
                ]),
            ]),
        ])
    }

    private static func address(_ a: Address, _ m: Model, csrf: String) -> HTML {
        let id = a.id!.canonicalString
        let path = m.base + "/addresses/" + id
        let failed = m.addressErrors?.id == id ? m.addressErrors : nil
        let name = a.label ?? a.formatted
        return .div(["class": "address", "id": "address-\(id)"], [
            .p([:], [.element("strong", [:], [.text(a.label ?? "Address")]), a.isDefault ? .span(" Default", class: "status active") : .empty]),
            .p(a.formatted),
            a.contactName.map { .p("Contact: \($0)" + (a.contactPhone.map { ", \($0)" } ?? ""), class: "muted") } ?? .empty,
            .div(["class": "actions"], [
                .postForm(path + "/delete", csrf: csrf, class: "inline", confirm: "Delete the address “\(a.formatted)”?",
                          [.button("Delete", class: "button danger small", label: "Delete address \(name)")]),
            ]),
            .element("details", ["open": HTML.flag(failed != nil)], [
                .element("summary", [:], [.text("Edit " + (a.label ?? "address"))]),
                .postForm(path, csrf: csrf, [
                    .errorSummary(failed?.errors ?? FormErrors()),
                    AddressBookView.inputs(failed?.values ?? AddressBookView.values(of: a), errors: failed?.errors ?? FormErrors(),
                                           prefix: "a-" + id),
                    a.isDefault ? .empty : .checkbox("Make it the default address", name: "is_default",
                                                     checked: failed?.values["is_default"] == "true", idPrefix: "a-" + id),
                    .button("Save address", class: "button small", label: "Save address \(name)"),
                ]),
            ]),
        ])
    }
}
