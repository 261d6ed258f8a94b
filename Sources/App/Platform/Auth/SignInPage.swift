/// The sign-in form: email and password, and a clear message when they are wrong.
enum SignInPage {
    static func page(email: String, error: String?, csrf: String, next: String) -> WebPage {
        WebPage(title: "Sign in", content: [
            .div(["class": "card sign-in"], [
                .h1("Sign in"),
                error.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
                .postForm("/sign-in", csrf: csrf, [
                    .hidden("next", next),
                    .field("Email", name: "email", value: email, type: "email", required: true, autocomplete: "username"),
                    .field("Password", name: "password", value: "", type: "password", required: true,
                           autocomplete: "current-password"),
                    .div(["class": "actions"], [.button("Sign in")]),
                ]),
            ]),
        ])
    }
}
