@testable import App
import Testing
import Vapor

@Suite struct AddressBookTests {
    @Test func theFirstAddressIsTheDefaultAndALaterOneOnlyWhenAsked() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "GB"])
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Ann"])["id"] as? String)
            let base = "/api/v1/customers/\(id)/addresses"
            let home = try await app.send(.POST, base, token: org.adminToken, json: [
                "label": "Home", "line1": "221B Baker Street", "city": "London", "postal_code": "NW1 6XE",
                "contact_phone": "020 7946 0958", "latitude": 51.5237, "longitude": -0.1585])
            #expect(home.status == .created, "\(home.text)")
            #expect(home["is_default"] as? Bool == true)
            #expect(home["country"] as? String == "GB")
            #expect(home["formatted"] as? String == "221B Baker Street, London NW1 6XE, GB")
            #expect(home["contact_phone"] as? String == "+442079460958")
            let office = try await app.send(.POST, base, token: org.adminToken, json: ["label": "Office", "line1": "1 Canada Sq"])
            #expect(office["is_default"] as? Bool == false)
            let depot = try await app.send(.POST, base, token: org.adminToken, json: ["label": "Depot", "line1": "2 Dock Rd", "is_default": true])
            #expect(depot["is_default"] as? Bool == true)
            let list = try await app.send(.GET, base, token: org.adminToken)
            #expect(list.data.filter { $0["is_default"] as? Bool == true }.map { $0["label"] as? String } == ["Depot"])
            let customer = try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken)
            #expect((customer["default_address"] as? [String: Any])?["label"] as? String == "Depot")

            let officeID = try #require(office["id"] as? String)
            let promoted = try await app.send(.PATCH, "\(base)/\(officeID)", token: org.adminToken, json: ["is_default": true, "city": "London"])
            #expect(promoted["is_default"] as? Bool == true)
            #expect(promoted["formatted"] as? String == "1 Canada Sq, London, GB")
            try await app.send(.PATCH, "\(base)/\(officeID)", token: org.adminToken, json: ["is_default": false])
                .expectProblem(.unprocessableEntity, field: "is_default")

            #expect(try await app.send(.DELETE, "\(base)/\(officeID)", token: org.adminToken).status == .noContent)
            let after = try await app.send(.GET, base, token: org.adminToken)
            #expect(after.data.filter { $0["is_default"] as? Bool == true }.map { $0["label"] as? String } == ["Home"], "the oldest remaining")
        }
    }

    @Test func addressFieldsAreValidated() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Ann"])["id"] as? String)
            let base = "/api/v1/customers/\(id)/addresses"
            for (field, body) in [("line1", ["city": "X"]), ("country", ["line1": "x", "country": "XX"]),
                                  ("latitude", ["line1": "x", "latitude": 91, "longitude": 0]),
                                  ("longitude", ["line1": "x", "latitude": 0, "longitude": -181]),
                                  ("contact_phone", ["line1": "x", "contact_phone": "12"])] as [(String, [String: Any])] {
                try await app.send(.POST, base, token: org.adminToken, json: body).expectProblem(.unprocessableEntity, field: field)
            }
            #expect(try await app.send(.GET, base, token: org.adminToken)["total"] as? Int == 0)
        }
    }

    @Test func concurrentRequestsForTheDefaultLeaveExactlyOne() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Ann"])["id"] as? String)
            let base = "/api/v1/customers/\(id)/addresses"
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<10 {
                    group.addTask {
                        try await app.send(.POST, base, token: org.adminToken, json: ["line1": "\(index) Main St", "is_default": true]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0 == .created })
            let list = try await app.send(.GET, base, token: org.adminToken)
            #expect(list["total"] as? Int == 10)
            #expect(list.data.filter { $0["is_default"] as? Bool == true }.count == 1)
        }
    }

    @Test func anotherOrganizationsAddressesAnswer404() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            let id = try #require(try await app.createCustomer(b.adminToken, ["name": "Bee"])["id"] as? String)
            let address = try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: b.adminToken, json: ["line1": "x"])
            let addressID = try #require(address["id"] as? String)
            try await app.send(.GET, "/api/v1/customers/\(id)/addresses", token: a.adminToken).expectProblem(.notFound)
            try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: a.adminToken, json: ["line1": "y"]).expectProblem(.notFound)
            try await app.send(.PATCH, "/api/v1/customers/\(id)/addresses/\(addressID)", token: a.adminToken, json: ["line1": "y"])
                .expectProblem(.notFound)
            try await app.send(.DELETE, "/api/v1/customers/\(id)/addresses/\(addressID)", token: a.adminToken).expectProblem(.notFound)
        }
    }
}
