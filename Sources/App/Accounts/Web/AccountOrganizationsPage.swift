/// `/account/organizations`: the organizations the person joined — each with its marketing choices, the way to its
/// addresses and points, and leaving it — and joining one more by its short name.
enum AccountOrganizationsPage {
    static func page(_ links: [AccountLinksService.View], join: String, joinErrors: FormErrors, context: AccountPortalContext) -> WebPage {
        WebPage(title: "Your organizations", content: [
            .h1("Your organizations"),
            context.account.isVerified ? .empty : AccountOrdersPage.unverified(context),
            links.isEmpty ? .div(["class": "card empty"], [.p("You have not joined any organization yet.")]) : .empty,
            .group(links.map { link($0, context: context) }),
            .postForm("/account/organizations", csrf: context.csrf, class: "card", [
                .h2("Join an organization", id: "join-title"),
                .errorSummary(joinErrors),
                .field("Organization", name: "organization", value: join, errors: joinErrors, required: true, idPrefix: "join",
                       hint: "Its short name, as the organization gives it, like corner-cafe. Your orders there then show here."),
                .div(["class": "actions"], [.button("Join")]),
            ]),
        ])
    }

    private static func link(_ link: AccountLinksService.View, context: AccountPortalContext) -> HTML {
        let id = link.organizationID.canonicalString
        let name = link.organization.name
        return .section(["class": "card", "id": "organization-\(id)", "aria-labelledby": "organization-\(id)-title"], [
            .h2(name, id: "organization-\(id)-title"),
            .p("Joined \(context.time.display(link.linkedAt))", class: "hint"),
            .postForm("/account/organizations/\(id)/consent", csrf: context.csrf, [
                .element("fieldset", ["class": "field"], [
                    .element("legend", [:], [.text("News and offers from \(name)")]),
                    .checkbox("By email", name: "email_opt_in", checked: link.emailOptIn, idPrefix: "consent-\(id)"),
                    .checkbox("By text message", name: "sms_opt_in", checked: link.smsOptIn, idPrefix: "consent-\(id)"),
                ]),
                .div(["class": "actions"], [
                    .button("Save preferences", class: "button small", label: "Save preferences for \(name)"),
                ]),
            ]),
            .div(["class": "actions"], [
                .link("Addresses and points", to: "/account/organizations/\(id)", class: "button secondary small"),
                .link("Leave", to: "/account/organizations/\(id)/leave", class: "button danger small"),
            ]),
        ])
    }

    /// Leaving asks first: the record stays with the organization, but the person no longer sees it here.
    static func leave(_ link: AccountLinksService.View, csrf: String) -> WebPage {
        let id = link.organizationID.canonicalString
        let name = link.organization.name
        return WebPage(title: "Leave \(name)", breadcrumbs: [("Organizations", "/account/organizations"), ("Leave \(name)", nil)], content: [
            .div(["class": "card sign-in"], [
                .h1("Leave \(name)?"),
                .p("\(name) keeps its record of you, but your account is no longer linked to it: its orders, addresses and points "
                   + "no longer show here, and your profile changes no longer reach it. You can join again later."),
                .postForm("/account/organizations/\(id)/leave", csrf: csrf, [
                    .div(["class": "actions"], [
                        .button("Leave \(name)", class: "button danger"),
                        .link("Cancel", to: "/account/organizations", class: "button secondary"),
                    ]),
                ]),
            ]),
        ])
    }
}
