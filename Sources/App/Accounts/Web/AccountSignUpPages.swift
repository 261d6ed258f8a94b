/// The sign-up form (email, password twice, name, preferred language) and the page that follows it, the same whether
/// the address had an account or not.
enum AccountSignUpPages {
    static let fields: Set<String> = ["email", "password", "password_again", "name", "preferred_language"]

    static func form(values: [String: String], errors: FormErrors, alert: String?, csrf: String) -> WebPage {
        WebPage(title: "Create your account", content: [
            .div(["class": "card sign-in"], [
                .h1("Create your account"),
                .p("One account for every shop and service that delivers to you: your orders and their tracking, your "
                   + "addresses, points and preferences in one place."),
                AccountPages.alert(alert),
                .errorSummary(errors),
                .postForm("/account/sign-up", csrf: csrf, [
                    .field("Email", name: "email", value: values["email"], type: "email", errors: errors, required: true,
                           autocomplete: "email"),
                    .field("Password", name: "password", value: "", type: "password", errors: errors, required: true,
                           autocomplete: "new-password", hint: "At least 10 characters."),
                    .field("Password again", name: "password_again", value: "", type: "password", errors: errors, required: true,
                           autocomplete: "new-password"),
                    .field("Your name", name: "name", value: values["name"], errors: errors, autocomplete: "name", hint: "Optional."),
                    .select("Preferred language", name: "preferred_language",
                            options: [("", "Choose later")] + AccountFormChoices.languages, selected: values["preferred_language"],
                            errors: errors),
                    .div(["class": "actions"], [.button("Create account")]),
                ]),
                .p([:], [.text("Have an account already? "), .link("Sign in", to: "/account/sign-in"), .text(".")]),
            ]),
        ])
    }

    static func sent(email: String) -> WebPage {
        AccountPages.notice(title: "Check your email",
                            message: "If \(email) can sign up, a link to confirm the address is on its way to it. Open it to "
                                + "finish your account; it works once, for 3 days.",
                            link: ("Sign in", "/account/sign-in"))
    }
}
