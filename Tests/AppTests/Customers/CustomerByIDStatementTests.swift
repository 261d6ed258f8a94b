@testable import App
import FluentPostgresDriver
import Foundation
import SQLKit
import Testing
import Vapor

/// A customer by id on PostgreSQL comes through a named prepared statement (`CustomerByIDStatement`): the same answer
/// as the ad-hoc query, for a customer with and without a default address, 404 for another organization's, and still
/// right after a migration adds a column to the table under the prepared statement.
@Suite struct CustomerByIDStatementTests {
    @Test func aCustomerByIDAnswersTheSameThroughThePreparedStatement() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let org = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            let plain = try await app.createCustomer(org.adminToken, ["name": "Ann Plain", "email": "ann@example.com"])
            let housed = try await app.createCustomer(org.adminToken, ["name": "Bo Housed", "phone": "+14155550123"])
            let added = try await app.send(.POST, "/api/v1/customers/\(housed["id"]!)/addresses", token: org.adminToken,
                                           json: ["line1": "1 Main St", "city": "Springfield", "country": "US", "is_default": true])
            #expect(added.status == .created, "\(added.text)")
            let foreign = try await app.createCustomer(other.adminToken, ["name": "Cy Foreign"])

            func read(_ customer: [String: Any], _ token: String) async throws -> (HTTPStatus, String) {
                let answer = try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)", token: token)
                return (answer.status, answer.text)
            }
            var first: [String] = []
            for customer in [plain, housed] {
                let (status, body) = try await read(customer, org.adminToken)
                #expect(status == .ok, "\(body)")
                first.append(body)
            }
            #expect(first[1].contains("Springfield"))
            #expect(try await read(foreign, org.adminToken).0 == .notFound)

            let organizationID = try #require(UUID(uuidString: org.id))
            let customerID = try #require(UUID(uuidString: housed["id"] as! String))
            guard let postgres = app.db as? any PostgresDatabase else {
                #expect(!TestDatabase.isPostgres)
                return
            }
            let found = try #require(try await CustomerByIDStatement.run(organizationID: organizationID, id: customerID, on: postgres))
            #expect(found.0.id == customerID && found.1?.city == "Springfield")

            // A newer instance's migration adds a column: the prepared statements answer as before.
            for _ in 0..<3 { _ = try await read(plain, org.adminToken) }
            try await (app.db as! any SQLDatabase).raw("ALTER TABLE customers ADD COLUMN added_later TEXT").run()
            var again: [String] = []
            for customer in [plain, housed] {
                let (status, body) = try await read(customer, org.adminToken)
                #expect(status == .ok, "\(body)")
                again.append(body)
            }
            #expect(again == first)
        }
    }
}
