/// `/client/settings`: the settings form beside the live preview of the tracking page's head.
enum ClientSettingsPage {
    static func page(_ state: ClientSettingsForm.State, clientName: String, courier: String, csrf: String) -> WebPage {
        WebPage(title: "Settings", content: [
            .h1("Settings"),
            .div(["class": "columns"], [
                ClientSettingsForm.form(state, csrf: csrf),
                TrackingPreview.section(clientName: clientName, courier: courier, settings: state.settings),
            ]),
        ])
    }
}
