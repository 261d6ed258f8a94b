@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Customer accounts in tests: sign up, read the latest link of an address from the SMTP server (or, without one,
/// from the queued `account_mails` row), verify, sign in.
struct AccountWorld {
    let app: Application
    let smtp: TestServerProcess?

    /// The secret of the newest email to `email` whose link starts with `path`.
    func secret(to email: String, path: String) async throws -> String {
        if let smtp {
            try await OutboxTestDelivery.deliver(app)
            let mails = try smtp.received().filter { ($0["rcpt_tos"] as? [String]) == [email] }
            for mail in mails.reversed() {
                if let raw = mail["raw"] as? String, let secret = ClientLifecycleTests.secret(in: raw, after: path) { return secret }
            }
            Issue.record("no email to \(email) with \(path)")
            throw Abort(.notFound)
        }
        let rows = try await SQLRows.all("""
            SELECT body FROM account_mails WHERE recipient = \(bind: email) AND status = 'queued' ORDER BY created_at DESC
            """, on: try app.db.sql)
        for row in rows {
            let body = try row.decode(column: "body", as: String.self)
            if let secret = ClientLifecycleTests.secret(in: body, after: path) { return secret }
        }
        Issue.record("no queued email to \(email) with \(path)")
        throw Abort(.notFound)
    }

    /// Signs up, verifies from the emailed link and signs in: the account token.
    func verifiedAccount(_ email: String, name: String? = nil, language: String? = nil) async throws -> String {
        var body: [String: Any] = ["email": email, "password": testPassword]
        if let name { body["name"] = name }
        if let language { body["preferred_language"] = language }
        let signedUp = try await app.send(.POST, "/api/v1/accounts", json: body)
        #expect(signedUp.status == .created, "\(signedUp.text)")
        let secret = try await secret(to: email.lowercased(), path: "/account/verify?token=")
        let verified = try await app.send(.POST, "/api/v1/accounts/verify", json: ["token": secret])
        #expect(verified.status == .ok, "\(verified.text)")
        return try await signIn(email)
    }

    func signIn(_ email: String, password: String = testPassword) async throws -> String {
        let issued = try await app.send(.POST, "/api/v1/accounts/token", json: ["email": email, "password": password])
        #expect(issued.status == .created, "\(issued.text)")
        return try #require(issued["token"] as? String)
    }

    func join(_ token: String, _ slug: String) async throws -> APIResponse {
        try await app.send(.POST, "/api/v1/account/links", token: token, json: ["organization": slug])
    }

    /// The organization's record of the account, as its admin sees it.
    func record(_ org: OrgFixture, email: String) async throws -> [String: Any] {
        let list = try await app.send(.GET, "/api/v1/customers?q=\(email)", token: org.adminToken)
        let id = try #require(list.data.first?["id"] as? String, "no customer \(email) in \(org.slug): \(list.text)")
        return try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken).json
    }
}
