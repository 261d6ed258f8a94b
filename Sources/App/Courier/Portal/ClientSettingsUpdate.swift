import Fluent
import Vapor

/// A client changing its own settings from the portal: which task events email it and which notify its recipients,
/// and its tracking pages' look. The team its orders go to is the courier's choice.
struct ClientSettingsUpdate {
    let database: any Database
    let scope: ClientPortalScope
    /// Where it was asked, for the audit entry.
    let method: HTTPMethod
    let path: String
    let requestID: String?

    init(_ req: Request, scope: ClientPortalScope) {
        database = req.database
        self.scope = scope
        method = req.method
        path = req.url.path
        requestID = req.requestID
    }

    func apply(_ body: JSONValue) async throws -> ClientSettings {
        guard case let .object(fields) = body else {
            throw Problem.invalid("settings", "must be an object of client settings")
        }
        let client = scope.client
        var v = Validator()
        let settings = client.settings.applying(fields, field: "settings", &v)
        if settings.autoAssignTeamID != client.settings.autoAssignTeamID {
            v.add("settings.auto_assign_team_id", "is chosen by the courier")
        }
        try v.check()
        guard settings != client.settings else { return settings }
        client.settingsJSON = settings.storedJSON
        client.version += 1
        let event = ClientEvent(.settingsChanged, client: client, details: ["settings": settings.json], actor: scope.actor)
        let audit = AuditEntry(actorUserID: scope.principal.userID, organizationID: scope.tenant.organizationID,
                               action: "client_settings_changed", method: method.rawValue, path: path, status: 200, requestID: requestID)
        try await WriteTransaction.run(on: database) { db in
            try await client.save(on: db)
            try await event.create(on: db)
            try await audit.create(on: db)
        }
        return settings
    }
}
