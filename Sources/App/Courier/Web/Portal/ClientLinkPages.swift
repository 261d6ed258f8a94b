/// The pages a client's emailed links open: choosing the portal password, and confirming a new email address.
enum ClientLinkPages {
    static let acceptFields: Set<String> = ["password", "password_again", "name"]

    static func accept(token: String, clientName: String, courier: String, email: String, name: String?, errors: FormErrors,
                       csrf: String) -> WebPage {
        WebPage(title: "Accept the invitation", content: [
            .div(["class": "card sign-in"], [
                .h1("Welcome, \(clientName)"),
                .p("\(courier) invites you to its client portal, where you send deliveries and follow them. "
                   + "Choose a password to sign in with \(email)."),
                .errorSummary(errors),
                .postForm("/client/accept", csrf: csrf, [
                    .hidden("token", token),
                    .field("Your name", name: "name", value: name, errors: errors, autocomplete: "name",
                           hint: "Optional: shown to the courier beside your orders."),
                    .field("Password", name: "password", value: "", type: "password", errors: errors, required: true,
                           autocomplete: "new-password", hint: "At least 10 characters."),
                    .field("Password again", name: "password_again", value: "", type: "password", errors: errors, required: true,
                           autocomplete: "new-password"),
                    .div(["class": "actions"], [.button("Accept and sign in")]),
                ]),
            ]),
        ])
    }

    static func confirm(token: String, email: String, clientName: String, csrf: String) -> WebPage {
        WebPage(title: "Confirm your email address", content: [
            .div(["class": "card sign-in"], [
                .h1("Confirm your new address"),
                .p("From now on, the emails about \(clientName)’s deliveries go to \(email) once you confirm it."),
                .postForm("/client/confirm-email", csrf: csrf, [
                    .hidden("token", token),
                    .div(["class": "actions"], [.button("Confirm this address")]),
                ]),
            ]),
        ])
    }

    static func confirmed(email: String) -> WebPage {
        ClientPortalPages.notice(title: "Address confirmed",
                                 message: "Your address is confirmed: the emails about your deliveries now go to \(email), "
                                     + "and you sign in to the client portal with it.",
                                 link: ("Sign in to the client portal", "/client/sign-in"))
    }
}
