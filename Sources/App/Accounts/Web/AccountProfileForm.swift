/// `/account/profile`: the account's inherited fields (they flow to every linked record, except the ones an
/// organization overrode) and its email address, changed once the new address confirms it.
enum AccountProfileForm {
    static let fields: Set<String> = ["name", "first_name", "last_name", "phone", "birthday", "timezone", "preferred_language", "email"]

    static func values(of account: Account) -> [String: String] {
        var values: [String: String] = ["email": account.email, "version": String(account.version)]
        for field in AccountProfile.fields { values[field] = account.value(of: field) ?? "" }
        return values
    }

    /// The changes the form asks for: only the fields whose value differs from the account's (an emptied one is
    /// cleared), so a save changes, and flows, nothing the person did not touch.
    static func input(_ form: [String: String], account: Account) -> AccountProfile.Input {
        func patch(_ field: String) -> FieldPatch<String> {
            let typed = (form[field] ?? "").trimmingCharacters(in: .whitespaces)
            let current = account.value(of: field) ?? ""
            if form[field] == nil || typed == current { return .absent }
            return typed.isEmpty ? .null : .value(typed)
        }
        var input = AccountProfile.Input()
        input.name = patch("name")
        input.firstName = patch("first_name")
        input.lastName = patch("last_name")
        input.phone = patch("phone")
        input.birthday = patch("birthday")
        input.timezone = patch("timezone")
        input.preferredLanguage = patch("preferred_language")
        let email = (form["email"] ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if !email.isEmpty, email != account.email { input.email = .value(email) }
        return input
    }

    static func page(values: [String: String], errors: FormErrors, context: AccountPortalContext) -> WebPage {
        let account = context.account
        let v = values, e = errors
        let languages = (account.preferredLanguage == nil ? [("", "Not chosen")] : []) + AccountFormChoices.languages
        return WebPage(title: "Your profile", content: [
            .h1("Your profile"),
            account.isVerified ? .empty : AccountOrdersPage.unverified(context, back: "/account/profile"),
            .postForm("/account/profile", csrf: context.csrf, class: "card", [
                .hidden("version", v["version"] ?? String(account.version)),
                .errorSummary(e),
                .p("Your details go to every organization you joined, except those an organization changed on its own record.",
                   class: "hint"),
                .div(["class": "form-grid"], [
                    .field("Name", name: "name", value: v["name"], errors: e, autocomplete: "name", idPrefix: "profile"),
                    .field("First name", name: "first_name", value: v["first_name"], errors: e, autocomplete: "given-name", idPrefix: "profile"),
                    .field("Last name", name: "last_name", value: v["last_name"], errors: e, autocomplete: "family-name", idPrefix: "profile"),
                    .field("Phone", name: "phone", value: v["phone"], type: "tel", errors: e, autocomplete: "tel", idPrefix: "profile",
                           hint: "With + and the country code, like +44 20 7946 0958."),
                    .field("Birthday", name: "birthday", value: v["birthday"], type: "date", errors: e, autocomplete: "bday", idPrefix: "profile"),
                    .select("Time zone", name: "timezone", options: [("", "Not set")] + AccountFormChoices.timeZones,
                            selected: v["timezone"], errors: e, idPrefix: "profile"),
                    .select("Preferred language", name: "preferred_language", options: languages, selected: v["preferred_language"],
                            errors: e, idPrefix: "profile"),
                    .field("Email", name: "email", value: v["email"], type: "email", errors: e, required: true, autocomplete: "email",
                           idPrefix: "profile",
                           hint: account.pendingEmail.map { "Waiting for confirmation: \($0). Open the link we sent there to use it." }
                               ?? "A new address is used once you confirm it from the link we send there."),
                ]),
                .div(["class": "actions"], [.button("Save profile")]),
            ]),
        ])
    }
}
