/// The portal's sign-in form: email and password of a client user.
enum ClientPortalSignInPage {
    static func page(email: String, error: String?, csrf: String, next: String) -> WebPage {
        WebPage(title: "Client portal sign-in", content: [
            .div(["class": "card sign-in"], [
                .h1("Sign in to the client portal"),
                error.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
                .postForm("/client/sign-in", csrf: csrf, [
                    .hidden("next", next),
                    .field("Email", name: "email", value: email, type: "email", required: true, autocomplete: "username"),
                    .field("Password", name: "password", value: "", type: "password", required: true,
                           autocomplete: "current-password"),
                    .div(["class": "actions"], [.button("Sign in")]),
                ]),
                .p([:], [.text("Staff of the courier sign in "), .link("to the dashboard", to: "/sign-in"), .text(".")]),
            ]),
        ])
    }
}
