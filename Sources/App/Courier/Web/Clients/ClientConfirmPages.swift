import Foundation

/// `/clients/new` and `/clients/{id}/delete`: the form for a new client, and the confirmation step before a client is
/// deleted (it works without script).
enum ClientConfirmPages {
    static func new(_ state: ClientProfileForm.State, teams: [Team.Public], csrf: String) -> WebPage {
        WebPage(title: "New client", breadcrumbs: [("Clients", "/clients"), ("New client", nil)], content: [
            .h1("New client"),
            .p("A business that sends you deliveries. Invite it to give it a portal login: it creates orders there and sees their tasks.",
               class: "hint"),
            ClientProfileForm.newForm(state, teams: teams, csrf: csrf),
        ])
    }

    static func delete(_ client: Client, csrf: String) -> WebPage {
        let path = ClientsListPage.path(client.id!)
        return WebPage(title: "Delete \(client.name)", breadcrumbs: [("Clients", "/clients"), (client.name, path), ("Delete", nil)],
                       content: [
            .div(["class": "card"], [
                .h1("Delete client “\(client.name)”?"),
                .p("Its portal logins stop working at once and its open links are voided. Its orders and tasks stay with you."),
                .postForm(path + "/delete", csrf: csrf, class: "actions", [
                    .button("Yes, delete the client", class: "button danger"),
                    .link("Keep it", to: path, class: "button secondary"),
                ]),
            ]),
        ])
    }
}
