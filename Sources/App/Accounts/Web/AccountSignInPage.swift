/// The portal's sign-in form: the account's email and password, with the ways to a new account and a new password.
enum AccountSignInPage {
    static func page(email: String, error: String?, csrf: String, next: String) -> WebPage {
        WebPage(title: "Sign in to your account", content: [
            .div(["class": "card sign-in"], [
                .h1("Sign in to your account"),
                AccountPages.alert(error),
                .postForm("/account/sign-in", csrf: csrf, [
                    .hidden("next", next),
                    .field("Email", name: "email", value: email, type: "email", required: true, autocomplete: "username"),
                    .field("Password", name: "password", value: "", type: "password", required: true, autocomplete: "current-password"),
                    .div(["class": "actions"], [.button("Sign in")]),
                ]),
                .p([:], [.link("Forgot your password?", to: "/account/forgot-password")]),
                .p([:], [.text("No account yet? "), .link("Create one", to: "/account/sign-up"), .text(".")]),
            ]),
        ])
    }
}
