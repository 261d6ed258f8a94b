import Fluent
import SQLKit
import Vapor

/// A courier's clients through their life: created `pending`, `invited` (a single-use link by email), `active` once
/// accepted, `deleted` (logins stop at once, orders and tasks stay). Every step lands on the client's timeline and in
/// the audit log, in the transaction that makes it.
struct ClientService {
    let database: any Database
    let scope: CourierScope
    let outbox: OutboxConfig
    let tokenCache: TokenCache
    /// Where the change was asked, for the audit entries.
    let method: HTTPMethod
    let path: String
    let requestID: String?

    var tenant: Tenant { scope.tenant }
    var organization: Organization { scope.organization }

    static func make(for req: Request) async throws -> ClientService {
        let scope = try await CourierScope.make(for: req)
        try scope.principal.require(.seeClients)
        return ClientService(database: req.database, scope: scope, outbox: req.application.config.outbox, tokenCache: req.tokenCache,
                             method: req.method, path: req.url.path, requestID: req.requestID)
    }

    func require(_ id: UUID) async throws -> Client {
        try await tenant.require(Client.self, id: id, on: database, what: "client")
    }

    /// The clients of one status, or all of them (the API) or all but the deleted ones (`hidingDeleted`, the
    /// dashboard), newest first, searched by name or email.
    func list(status: ClientStatus?, search: String?, hidingDeleted: Bool = false, _ page: PageRequest) async throws -> Page<Client.Public> {
        let query = tenant.query(Client.self, on: database)
        if let status { query.filter(\.$status == status.rawValue) }
        else if hidingDeleted { query.filter(\.$status != ClientStatus.deleted.rawValue) }
        if let search, !search.isEmpty {
            let pattern = "%" + search.lowercased().replacingOccurrences(of: "%", with: "").replacingOccurrences(of: "_", with: "") + "%"
            query.group(.or) { $0.filter(.sql(embed: "lower(name) LIKE \(bind: pattern)")).filter(\.$email, .custom("LIKE"), pattern) }
        }
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return Page(result.items.map(\.asPublic), total: result.total, nextCursor: result.nextCursor, request: page)
    }

    func create(_ input: Client.Input) async throws -> Client {
        try scope.principal.require(.manageClients)
        var v = Validator()
        let name = v.text(input.name, "name", required: true, max: 200)
        let email = v.email(input.email, "email", required: true)
        var settings = ClientSettings.defaults
        switch input.settings {
        case nil, .null?: break
        case let .object(fields)?: settings = settings.applying(fields, field: "settings", &v)
        case .some: v.add("settings", "must be an object of client settings")
        }
        try v.check()
        try await checkTeam(settings.autoAssignTeamID, field: "settings.auto_assign_team_id")
        let client = Client()
        client.id = UUID.timeOrdered()
        client.organizationID = tenant.organizationID
        client.name = name!
        client.email = email!
        client.status = ClientStatus.pending.rawValue
        client.settingsJSON = settings.storedJSON
        client.version = 1
        try await checkEmailFree(client.email, besides: nil)
        try await write(.created, client, details: ["name": .string(client.name), "email": .string(client.email)]) { db in
            try await client.create(on: db)
        }
        return client
    }

    /// Name and settings at once; a new email waits in `pending_email` for its confirmation link.
    func update(_ client: Client, _ input: Client.Input) async throws -> Client {
        try scope.principal.require(.manageClients)
        guard client.clientStatus != .deleted else { throw Problem.conflict("A deleted client cannot be changed", field: "status") }
        var v = Validator()
        var details: [String: JSONValue] = [:]
        if let name = v.text(input.name, "name", max: 200), name != client.name {
            client.name = name
            details["name"] = .string(name)
        }
        let email = v.email(input.email, "email")
        var settings = client.settings
        switch input.settings {
        case nil, .null?: break
        case let .object(fields)?: settings = settings.applying(fields, field: "settings", &v)
        case .some: v.add("settings", "must be an object of client settings")
        }
        try v.check()
        if settings != client.settings {
            try await checkTeam(settings.autoAssignTeamID, field: "settings.auto_assign_team_id")
            client.settingsJSON = settings.storedJSON
            details["settings"] = settings.json
        }
        var confirmation: String?
        if let email {
            if email == client.email {
                if client.pendingEmail != nil { client.pendingEmail = nil; details["pending_email"] = .null }
            } else if email != client.pendingEmail {
                try await checkEmailFree(email, besides: client.id)
                client.pendingEmail = email
                confirmation = email
                details["pending_email"] = .string(email)
            }
        }
        guard client.hasChanges || confirmation != nil else { return client }
        client.version += 1
        let organization = self.organization
        let outbox = self.outbox
        let newEmail = confirmation
        try await write(newEmail == nil ? .updated : .emailChangeRequested, client, details: details) { db in
            try await client.save(on: db)
            if let newEmail {
                let secret = try await ClientLinks.issue(.emailChange, for: client, email: newEmail,
                                                         lifetime: ClientLinks.emailChangeLifetime, on: db)
                let mail = ClientMail.emailChange(client, to: newEmail, organization: organization, secret: secret, config: outbox)
                try await RowInsert.run([mail.insertRow], on: db)
            }
        }
        if confirmation != nil { OutboxSignal.shared.wake() }
        return client
    }

    /// Sends the invitation (again): a new single-use link voids the earlier one.
    func invite(_ client: Client) async throws -> Client {
        try scope.principal.require(.manageClients)
        guard client.clientStatus.mayBeInvited else {
            throw Problem.conflict(client.clientStatus == .active ? "The client has accepted its invitation already"
                                                                  : "A deleted client cannot be invited", field: "status")
        }
        let organization = self.organization
        let outbox = self.outbox
        let resent = client.clientStatus == .invited
        client.status = ClientStatus.invited.rawValue
        client.version += 1
        try await write(.invited, client, details: ["email": .string(client.email), "again": .bool(resent)]) { db in
            try await client.save(on: db)
            let secret = try await ClientLinks.issue(.invitation, for: client, email: client.email,
                                                     lifetime: ClientLinks.invitationLifetime, on: db)
            try await RowInsert.run([ClientMail.invitation(client, organization: organization, secret: secret, config: outbox).insertRow], on: db)
        }
        OutboxSignal.shared.wake()
        return client
    }

    /// Deletes the client: its users are disabled and their tokens and sessions end in the same transaction, its
    /// open links are voided; its orders and tasks stay with the courier.
    func delete(_ client: Client) async throws {
        try scope.principal.require(.manageClients)
        guard client.clientStatus != .deleted else { return }
        let now = Date()
        client.status = ClientStatus.deleted.rawValue
        client.deletedAt = now
        client.version += 1
        let clientID = try client.requireID()
        let organizationID = tenant.organizationID
        try await write(.deleted, client, details: [:]) { db in
            try await client.save(on: db)
            try await ClientUsers.end(clientID: clientID, organizationID: organizationID, on: db, now: now)
        }
        try await TokenRevocations.announce(tokenCache, on: database)
    }

    func timeline(_ client: Client, _ page: PageRequest) async throws -> Page<ClientEvent.Public> {
        let query = tenant.query(ClientEvent.self, on: database).filter(\.$clientID == (try client.requireID()))
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return Page(result.items.map(ClientEvent.Public.init), total: result.total, nextCursor: result.nextCursor, request: page)
    }

    /// Writes a step with its timeline entry and audit entry, in one transaction.
    private func write(_ kind: ClientEvent.Kind, _ client: Client, details: [String: JSONValue],
                       _ body: @escaping @Sendable (any Database) async throws -> Void) async throws {
        let event = ClientEvent(kind, client: client, details: details, actor: scope.actor)
        let audit = AuditEntry(actorUserID: scope.principal.userID, organizationID: tenant.organizationID, action: "client_\(kind.rawValue)",
                               method: method.rawValue, path: path, status: 200, requestID: requestID)
        do {
            try await WriteTransaction.run(on: database) { db in
                try await body(db)
                try await event.create(on: db)
                try await audit.create(on: db)
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw Problem.conflict("Another client of this courier has this email", field: "email")
        }
    }

    private func checkEmailFree(_ email: String, besides id: UUID?) async throws {
        let query = tenant.query(Client.self, on: database).filter(\.$email == email).filter(\.$status != ClientStatus.deleted.rawValue)
        if let id { query.filter(\.$id != id) }
        if try await query.count() > 0 { throw Problem.conflict("Another client of this courier has this email", field: "email") }
    }

    private func checkTeam(_ id: UUID?, field: String) async throws {
        guard let id else { return }
        if try await tenant.query(Team.self, on: database).filter(\.$id == id).count() == 0 {
            throw Problem.invalid(field, "must be a team of this organization")
        }
    }
}
