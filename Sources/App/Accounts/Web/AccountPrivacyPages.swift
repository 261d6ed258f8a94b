/// `/account/privacy`: a download of everything about the person, and the erasure request — confirmed by typing the
/// account's email — after which the account is gone and a goodbye page says what happens next.
enum AccountPrivacyPages {
    static func page(context: AccountPortalContext, confirmation: String, errors: FormErrors) -> WebPage {
        WebPage(title: "Privacy", content: [
            .h1("Privacy"),
            .section(["class": "card", "aria-labelledby": "export-title"], [
                .h2("Download your data", id: "export-title"),
                .p("A file (JSON) with your account and, for each organization you joined, everything it keeps about you: your "
                   + "record, addresses, orders, deliveries, points and consent history."),
                .postForm("/account/privacy/export", csrf: context.csrf, [.div(["class": "actions"], [.button("Download my data")])]),
            ]),
            .section(["class": "card", "aria-labelledby": "erase-title"], [
                .h2("Delete your account", id: "erase-title"),
                .p("Your account is deleted at once and you are signed out. Each organization you joined is asked to erase your "
                   + "data there; some may keep what the law obliges them to (invoices, for instance)."),
                .postForm("/account/privacy/erase", csrf: context.csrf, [
                    .errorSummary(errors),
                    .field("Type your email address to confirm", name: "confirm_email", value: confirmation, type: "email", errors: errors,
                           required: true, autocomplete: "off", idPrefix: "erase", hint: "It is \(context.account.email)."),
                    .div(["class": "actions"], [.button("Delete my account", class: "button danger")]),
                ]),
            ]),
        ])
    }

    static func goodbye(organizations: Int) -> WebPage {
        let asked = switch organizations {
        case 0: "You had joined no organization, so there was nothing more to erase."
        case 1: "The organization you joined was asked to erase your data there."
        default: "Each of the \(organizations) organizations you joined was asked to erase your data there."
        }
        return AccountPages.notice(title: "Goodbye",
                                   message: "Your account is deleted and you are signed out. \(asked) An email confirms it.",
                                   link: ("Create a new account", "/account/sign-up"))
    }
}
