/// The pages of an account's emailed links, and of asking for a new password: each link's page shows a button, and
/// only the button uses the link.
enum AccountLinkPages {
    static let resetFields: Set<String> = ["password", "password_again"]

    static func verify(token: String, email: String, csrf: String) -> WebPage {
        WebPage(title: "Confirm your email address", content: [
            .div(["class": "card sign-in"], [
                .h1("Confirm your email address"),
                .p("Confirm that \(email) is yours to finish your account."),
                .postForm("/account/verify", csrf: csrf, [
                    .hidden("token", token),
                    .div(["class": "actions"], [.button("Confirm my address")]),
                ]),
            ]),
        ])
    }

    static func verified(email: String) -> WebPage {
        AccountPages.notice(title: "Address confirmed",
                            message: "\(email) is confirmed. Sign in to join the organizations you buy from and see your orders.",
                            link: ("Go to your account", "/account"))
    }

    static func forgot(email: String, errors: FormErrors, alert: String?, csrf: String) -> WebPage {
        WebPage(title: "Forgot your password?", content: [
            .div(["class": "card sign-in"], [
                .h1("Forgot your password?"),
                .p("Enter your account's email address: if it has an account, a link to choose a new password is sent to it."),
                AccountPages.alert(alert),
                .postForm("/account/forgot-password", csrf: csrf, [
                    .field("Email", name: "email", value: email, type: "email", errors: errors, required: true, autocomplete: "email"),
                    .div(["class": "actions"], [.button("Send me a link")]),
                ]),
                .p([:], [.link("Back to sign-in", to: "/account/sign-in")]),
            ]),
        ])
    }

    static func resetSent(email: String) -> WebPage {
        AccountPages.notice(title: "Check your email",
                            message: "If \(email) has an account, a link to choose a new password is on its way to it. "
                                + "It works once, for an hour.",
                            link: ("Back to sign-in", "/account/sign-in"))
    }

    static func reset(token: String, email: String, errors: FormErrors, csrf: String) -> WebPage {
        WebPage(title: "Choose a new password", content: [
            .div(["class": "card sign-in"], [
                .h1("Choose a new password"),
                .p("For the account of \(email). Every device signed in to it is signed out."),
                .errorSummary(errors),
                .postForm("/account/reset-password", csrf: csrf, [
                    .hidden("token", token),
                    .field("New password", name: "password", value: "", type: "password", errors: errors, required: true,
                           autocomplete: "new-password", hint: "At least 10 characters."),
                    .field("New password again", name: "password_again", value: "", type: "password", errors: errors, required: true,
                           autocomplete: "new-password"),
                    .div(["class": "actions"], [.button("Set the new password")]),
                ]),
            ]),
        ])
    }

    static func confirmEmail(token: String, email: String, csrf: String) -> WebPage {
        WebPage(title: "Confirm your new email address", content: [
            .div(["class": "card sign-in"], [
                .h1("Confirm your new address"),
                .p("From now on you sign in with \(email), and your emails go there, once you confirm it."),
                .postForm("/account/confirm-email", csrf: csrf, [
                    .hidden("token", token),
                    .div(["class": "actions"], [.button("Confirm this address")]),
                ]),
            ]),
        ])
    }

    static func emailConfirmed(email: String) -> WebPage {
        AccountPages.notice(title: "Address confirmed", message: "Your account now uses \(email): sign in with it from now on.",
                            link: ("Go to your account", "/account"))
    }
}
