import Fluent
import SQLKit
import Vapor

/// What a client does with its links, without a login: accept the invitation (choosing the portal password), and
/// confirm a new email address. A link that was used, voided or expired answers 410.
struct ClientAcceptance {
    let database: any Database
    let hasher: PasswordHasher
    let tokenLifetime: TimeInterval

    struct AcceptInput: Decodable, Sendable {
        var token: String?
        var password: String?
        var name: String?
    }

    struct ConfirmInput: Decodable, Sendable {
        var token: String?
    }

    struct Accepted: Content {
        let token: String
        let tokenType: String
        let expiresAt: Date
        let user: User.Public
        let client: Client.Public

        enum CodingKeys: String, CodingKey {
            case token, user, client
            case tokenType = "token_type", expiresAt = "expires_at"
        }
    }

    /// Creates the client's portal login and signs it in; the client becomes `active`.
    func accept(_ input: AcceptInput, path: String, requestID: String?) async throws -> Accepted {
        var v = Validator()
        let secret = v.text(input.token, "token", required: true, max: 200)
        let password = v.password(input.password, "password")
        let name = v.text(input.name, "name", max: 200)
        try v.check()
        // A link that does not open is answered before the password is hashed.
        _ = try await ClientLinks.peek(secret!, purpose: .invitation, on: database)
        let passwordHash = try await hasher.hash(password!)
        let lifetime = tokenLifetime
        return try await WriteTransaction.run(on: database) { db in
            let link = try await ClientLinks.use(secret!, purpose: .invitation, on: db)
            guard let client = try await Tenant(organizationID: link.organizationID).find(Client.self, id: link.clientID, on: db),
                  client.clientStatus == .invited
            else { throw ClientLinks.gone(link, now: Date()) }
            if try await Unscoped.query(User.self, on: db).filter(\.$email == client.email).count() > 0 {
                throw Problem.conflict("This email already signs in to Clientele; ask the courier to invite another address", field: "email")
            }
            let user = User(organizationID: client.organizationID, email: client.email, name: name ?? client.name, role: .client,
                            passwordHash: passwordHash)
            user.clientID = client.id
            user.lastLoginAt = Date()
            try await user.create(on: db)
            client.status = ClientStatus.active.rawValue
            client.version += 1
            try await client.save(on: db)
            let actor = Actor.user(user, source: "client_portal")
            try await ClientEvent(.accepted, client: client, details: ["user_id": .string(user.id!.canonicalString)], actor: actor).create(on: db)
            try await AuditEntry(actorUserID: user.requireID(), organizationID: client.organizationID, action: "client_accepted",
                                 method: "POST", path: path, status: 201, requestID: requestID).create(on: db)
            let (token, record) = try await TokenService(database: db, lifetime: lifetime).issue(for: user)
            return Accepted(token: token, tokenType: "Bearer", expiresAt: record.expiresAt, user: user.asPublic, client: client.asPublic)
        }
    }

    /// Moves the client's pending email to `email`, and its logins with it.
    func confirmEmail(_ input: ConfirmInput, path: String, requestID: String?) async throws -> Client {
        var v = Validator()
        let secret = v.text(input.token, "token", required: true, max: 200)
        try v.check()
        return try await WriteTransaction.run(on: database) { db in
            let link = try await ClientLinks.use(secret!, purpose: .emailChange, on: db)
            let tenant = Tenant(organizationID: link.organizationID)
            guard let client = try await tenant.find(Client.self, id: link.clientID, on: db), client.clientStatus != .deleted,
                  client.pendingEmail == link.email
            else { throw ClientLinks.gone(link, now: Date()) }
            if try await tenant.query(Client.self, on: db).filter(\.$email == link.email)
                .filter(\.$status != ClientStatus.deleted.rawValue).filter(\.$id != link.clientID).count() > 0 {
                throw Problem.conflict("Another client of this courier has this email", field: "email")
            }
            let users = try await Unscoped.query(User.self, on: db).filter(\.$clientID == link.clientID).filter(\.$role == .client).all()
            if !users.isEmpty, try await Unscoped.query(User.self, on: db).filter(\.$email == link.email).count() > 0 {
                throw Problem.conflict("This email already signs in to Clientele", field: "email")
            }
            let previous = client.email
            client.email = link.email
            client.pendingEmail = nil
            client.version += 1
            try await client.save(on: db)
            for user in users {
                user.email = link.email
                try await user.save(on: db)
            }
            let actor = users.first.map { Actor.user($0, source: "client_portal") }
            try await ClientEvent(.emailConfirmed, client: client, details: ["from": .string(previous), "to": .string(link.email)],
                                  actor: actor).create(on: db)
            if let user = users.first {
                try await AuditEntry(actorUserID: user.requireID(), organizationID: client.organizationID, action: "client_email_confirmed",
                                     method: "POST", path: path, status: 200, requestID: requestID).create(on: db)
            }
            return client
        }
    }
}
