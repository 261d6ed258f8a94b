@testable import App
import Foundation
import Testing
import Vapor

/// An organization created through the API, with its admin signed in.
struct OrgFixture {
    let id: String
    let slug: String
    let adminEmail: String
    let adminToken: String
}

/// A user created through the API and signed in.
struct UserFixture {
    let id: String
    let email: String
    let token: String
}

let testPassword = "correct-horse-1"

extension Application {
    func createOrganization(_ slug: String, rootToken: String, settings: [String: Any]? = nil) async throws -> OrgFixture {
        var body: [String: Any] = [
            "name": "Org \(slug)", "slug": slug,
            "admin": ["email": "admin@\(slug).test", "name": "Admin \(slug)", "password": testPassword],
        ]
        if let settings { body["settings"] = settings }
        let response = try await send(.POST, "/api/v1/organizations", token: rootToken, json: body)
        #expect(response.status == .created, "create organization: \(response.text)")
        let token = try await signIn("admin@\(slug).test", testPassword)
        return OrgFixture(id: response["id"] as? String ?? "", slug: slug, adminEmail: "admin@\(slug).test", adminToken: token)
    }

    func createUser(in org: OrgFixture, role: String, name: String? = nil) async throws -> UserFixture {
        let email = "\(name ?? role)@\(org.slug).test"
        let response = try await send(.POST, "/api/v1/users", token: org.adminToken,
                                      json: ["email": email, "name": name ?? role, "password": testPassword, "role": role])
        #expect(response.status == .created, "create user: \(response.text)")
        return UserFixture(id: response["id"] as? String ?? "", email: email, token: try await signIn(email, testPassword))
    }
}
