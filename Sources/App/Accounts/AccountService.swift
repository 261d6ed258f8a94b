import Fluent
import SQLKit
import Vapor

/// The account realm's life cycle: sign-up with email verification, sign-in (throttled like staff sign-in), password
/// reset, profile changes flowing to the linked records, and an email change confirmed from the new address. Sign-up
/// and reset answer the same whether the email is known or not.
struct AccountService {
    let database: any Database
    let hasher: PasswordHasher
    let config: AppConfig

    init(req: Request) {
        database = req.database
        hasher = req.passwordHasher
        config = req.application.config
    }

    struct SignUpInput: Decodable, Sendable {
        var email: String?
        var password: String?
        var name: String?
        var preferredLanguage: String?

        enum CodingKeys: String, CodingKey {
            case email, password, name
            case preferredLanguage = "preferred_language"
        }
    }

    /// What sign-up answers, the same for a new and a known address.
    struct SignUpReceipt: Content {
        let email: String
        let status: String
        let detail: String
    }

    /// `joining`: an organization the person checked out at while signing up; joined once the address is verified.
    func signUp(_ input: SignUpInput, address: String, joining: UUID? = nil) async throws -> SignUpReceipt {
        var v = Validator()
        let email = v.email(input.email, "email", required: true)?.lowercased()
        let password = v.password(input.password, "password")
        try v.check()
        var profile = AccountProfile.Input()
        if let name = input.name { profile.name = .value(name) }
        if let language = input.preferredLanguage { profile.preferredLanguage = .value(language) }
        let changes = try AccountProfile.validate(profile)
        // Sign-ups per address and per email are limited as sign-in failures are: the same answer for every email, so
        // the limit says nothing about which addresses have accounts.
        let limits = config.accountEmails
        _ = try await LoginThrottle.countFailure(of: [("account-signup:" + email!, limits.perEmail), ("account-signup-ip:" + address, limits.perAddress)],
                                                 window: limits.window, on: database, refusal: "Too many sign-ups")
        // Hashed for a known address too: both answers take the same time.
        let passwordHash = try await hasher.hash(password!)
        let outbox = config.outbox
        try await WriteTransaction.run(on: database) { db in
            let now = Date()
            if let known = try await Account.query(on: db).filter(\.$email == email!).first() {
                try await AccountMail.queue(.alreadyRegistered, to: known.email, accountID: known.id, secret: nil, config: outbox, on: db)
                return
            }
            let account = Account()
            account.id = UUID.timeOrdered()
            account.email = email!
            account.passwordHash = passwordHash
            account.pendingJoinsJSON = joining.map { "[\"\($0.uuidString)\"]" } ?? "[]"
            _ = AccountProfile.apply(changes, to: account)
            account.version = 1
            account.createdAt = now
            account.updatedAt = now
            do {
                try await account.create(on: db)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                return // Signed up a moment ago by another request: the first one's email is on its way.
            }
            let secret = try await AccountLinks.issue(.verifyEmail, for: account.requireID(), email: account.email, on: db)
            try await AccountMail.queue(.verify, to: account.email, accountID: account.id, secret: secret, config: outbox, on: db)
        }
        OutboxSignal.shared.wake()
        return SignUpReceipt(email: email!, status: "verification_sent",
                             detail: "If this address can sign up, a confirmation link is on its way to it")
    }

    struct TokenInput: Decodable, Sendable {
        var token: String?
    }

    /// Confirms the address the link was sent to.
    func verify(_ input: TokenInput) async throws -> Account {
        var v = Validator()
        let secret = v.text(input.token, "token", required: true, max: 200)
        try v.check()
        let account = try await WriteTransaction.run(on: database) { db in
            let link = try await AccountLinks.use(secret!, purpose: .verifyEmail, on: db)
            guard let account = try await Account.find(link.accountID, on: db), account.email == link.email else {
                throw LinkSecret.gone(usedAt: nil, voidedAt: Date())
            }
            if account.emailVerifiedAt == nil {
                account.emailVerifiedAt = Date()
                account.version += 1
                account.updatedAt = Date()
                try await account.save(on: db)
            }
            return account
        }
        try await joinPending(account)
        return account
    }

    /// The organizations the person checked out at before verifying: joined now that the address is verified.
    private func joinPending(_ account: Account) async throws {
        let pending = (try? JSONDecoder().decode([UUID].self, from: Data(account.pendingJoinsJSON.utf8))) ?? []
        guard !pending.isEmpty, account.isVerified else { return }
        let records = AccountRecords(database: database)
        for organizationID in pending {
            guard let organization = try await Organization.load(organizationID, on: database) else { continue }
            _ = try await records.join(account, organization: organization)
        }
        account.pendingJoinsJSON = "[]"
        try await WriteTransaction.run(on: database) { db in
            try await SQLRows.run("UPDATE accounts SET pending_joins = '[]' WHERE id = \(bind: account.requireID())", on: try db.sql)
        }
    }

    /// A new verification link for a signed-in, unverified account.
    func resendVerification(_ account: Account) async throws {
        guard !account.isVerified else { throw Problem.conflict("This address is already verified", field: "email") }
        let outbox = config.outbox
        try await WriteTransaction.run(on: database) { db in
            let secret = try await AccountLinks.issue(.verifyEmail, for: account.requireID(), email: account.email, on: db)
            try await AccountMail.queue(.verify, to: account.email, accountID: account.id, secret: secret, config: outbox, on: db)
        }
        OutboxSignal.shared.wake()
    }

    struct SignInInput: Decodable, Sendable {
        var email: String?
        var password: String?
    }

    struct Issued: Content {
        let token: String
        let tokenType: String
        let expiresAt: Date
        let account: Account.Public

        enum CodingKeys: String, CodingKey {
            case token, account
            case tokenType = "token_type", expiresAt = "expires_at"
        }
    }

    static let wrongCredentials = "The email or password is not correct"

    /// The account whose email and password these are, throttled like staff sign-in (counted before the check,
    /// forgiven on success); 401 otherwise. The API issues a token for it, the portal a session.
    func authenticate(_ input: SignInInput, address: String) async throws -> Account {
        var v = Validator()
        let email = v.text(input.email, "email", required: true, max: 254)?.lowercased()
        if input.password?.isEmpty ?? true { v.add("password", "is required") }
        try v.check()
        let limits = config.loginThrottle
        let failures = try await LoginThrottle.countFailure(
            of: [("account-email:" + email!, limits.perEmail), (LoginThrottle.addressKey(address), limits.perAddress)],
            window: limits.window, on: database, refusal: "Too many failed sign-in attempts")
        let account = try await Account.query(on: database).filter(\.$email == email!).first()
        let matches = try await hasher.verify(input.password!, hash: account?.passwordHash ?? hasher.decoyHash)
        guard let account, matches else { throw Problem.unauthorized(Self.wrongCredentials) }
        try await LoginThrottle.forgive(failures, on: database)
        return account
    }

    func signIn(_ input: SignInInput, address: String) async throws -> Issued {
        let account = try await authenticate(input, address: address)
        let issued = try await WriteTransaction.run(on: database) { db in
            try await AccountTokens(database: db).issue(for: account.requireID())
        }
        return Issued(token: issued.token, tokenType: "Bearer", expiresAt: issued.expiresAt, account: account.asPublic)
    }

    struct ResetInput: Decodable, Sendable {
        var email: String?
    }

    /// Sends a reset link when the address has an account; answers the same either way.
    func requestReset(_ input: ResetInput, address: String) async throws {
        var v = Validator()
        let email = v.email(input.email, "email", required: true)?.lowercased()
        try v.check()
        let limits = config.accountEmails
        _ = try await LoginThrottle.countFailure(of: [("account-reset:" + email!, limits.perEmail), ("account-reset-ip:" + address, limits.perAddress)],
                                                 window: limits.window, on: database, refusal: "Too many password reset requests")
        let outbox = config.outbox
        try await WriteTransaction.run(on: database) { db in
            guard let account = try await Account.query(on: db).filter(\.$email == email!).first() else { return }
            let secret = try await AccountLinks.issue(.passwordReset, for: account.requireID(), email: account.email, on: db)
            try await AccountMail.queue(.reset, to: account.email, accountID: account.id, secret: secret, config: outbox, on: db)
        }
        OutboxSignal.shared.wake()
    }

    struct ResetConfirmInput: Decodable, Sendable {
        var token: String?
        var password: String?
    }

    /// Sets the new password and signs out every device; the link proved the address, so it counts as verified.
    func confirmReset(_ input: ResetConfirmInput) async throws -> Account {
        var v = Validator()
        let secret = v.text(input.token, "token", required: true, max: 200)
        let password = v.password(input.password, "password")
        try v.check()
        _ = try await AccountLinks.peek(secret!, purpose: .passwordReset, on: database)
        let passwordHash = try await hasher.hash(password!)
        return try await WriteTransaction.run(on: database) { db in
            let link = try await AccountLinks.use(secret!, purpose: .passwordReset, on: db)
            guard let account = try await Account.find(link.accountID, on: db), account.email == link.email else {
                throw LinkSecret.gone(usedAt: nil, voidedAt: Date())
            }
            account.passwordHash = passwordHash
            if account.emailVerifiedAt == nil { account.emailVerifiedAt = Date() }
            account.version += 1
            account.updatedAt = Date()
            try await account.save(on: db)
            try await AccountTokens.revokeAll(of: account.requireID(), on: db)
            return account
        }
    }

    /// Changes the profile (its inherited fields then flow to every linked record) and asks a new address to confirm.
    func update(_ account: Account, _ input: AccountProfile.Input, ifMatch: Int?) async throws -> Account {
        var v = Validator()
        var newEmail: String?
        switch input.email {
        case .absent: break
        case .null: v.add("email", "cannot be cleared")
        case let .value(raw): newEmail = v.email(raw, "email", required: true)?.lowercased()
        }
        try v.check()
        let changes = try AccountProfile.validate(input)
        if let ifMatch, ifMatch != account.version {
            throw Problem(.preconditionFailed, type: ProblemType.preconditionFailed,
                          detail: "The account was changed since you read it (now version \(account.version)); read it again and retry")
        }
        let changed = AccountProfile.apply(changes, to: account)
        let emailChange = newEmail.flatMap { $0 == account.email ? nil : $0 }
        guard !changed.isEmpty || emailChange != nil else { return account }
        if let emailChange { account.pendingEmail = emailChange }
        let expected = account.version
        account.version += 1
        account.updatedAt = Date()
        let outbox = config.outbox
        try await WriteTransaction.run(on: database) { db in
            let rows = try await SQLRows.all("""
                UPDATE accounts SET version = version + 1 WHERE id = \(bind: account.requireID()) AND version = \(bind: expected) RETURNING id
                """, on: try db.sql)
            guard !rows.isEmpty else {
                throw Problem(.preconditionFailed, type: ProblemType.preconditionFailed,
                              detail: "The account was changed at the same moment; read it again and retry")
            }
            account.$version.value = expected + 1
            try await account.update(on: db)
            if let emailChange {
                let secret = try await AccountLinks.issue(.emailChange, for: account.requireID(), email: emailChange, on: db)
                try await AccountMail.queue(.emailChange, to: emailChange, accountID: account.id, secret: secret, config: outbox, on: db)
            }
        }
        if emailChange != nil { OutboxSignal.shared.wake() }
        try await AccountRecords(database: database).flowEverywhere(account, fields: changed)
        return account
    }

    /// Moves the account to the address the link was sent to.
    func confirmEmail(_ input: TokenInput) async throws -> Account {
        var v = Validator()
        let secret = v.text(input.token, "token", required: true, max: 200)
        try v.check()
        return try await WriteTransaction.run(on: database) { db in
            let link = try await AccountLinks.use(secret!, purpose: .emailChange, on: db)
            guard let account = try await Account.find(link.accountID, on: db), account.pendingEmail == link.email else {
                throw LinkSecret.gone(usedAt: nil, voidedAt: Date())
            }
            if try await Account.query(on: db).filter(\.$email == link.email).count() > 0 {
                throw Problem.conflict("Another account uses this address", field: "email")
            }
            account.email = link.email
            account.pendingEmail = nil
            account.emailVerifiedAt = Date()
            account.version += 1
            account.updatedAt = Date()
            try await account.save(on: db)
            return account
        }
    }
}
