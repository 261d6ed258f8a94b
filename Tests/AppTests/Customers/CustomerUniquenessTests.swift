@testable import App
import Testing
import Vapor

@Suite struct CustomerUniquenessTests {
    @Test func aDuplicateEmailOrPhoneIs409WithTheSpecsMessage() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let first = try await app.createCustomer(org.adminToken, ["name": "Ann", "email": "ann@example.com", "phone": "+1 415 555 2671"])
            let email = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "B", "email": "ANN@example.com"])
            email.expectProblem(.conflict, field: "email")
            #expect(email["detail"] as? String == "Phone or email is already used")
            let phone = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "C", "phone": "(415) 555-2671"])
            phone.expectProblem(.conflict, field: "phone")
            #expect(phone["detail"] as? String == "Phone or email is already used")

            let second = try await app.createCustomer(org.adminToken, ["name": "D", "email": "d@example.com"])
            let update = try await app.send(.PATCH, "/api/v1/customers/\(second["id"]!)", token: org.adminToken,
                                            json: ["phone": "4155552671"])
            update.expectProblem(.conflict, field: "phone")
            // Both contact fields taken, by two customers: both are named, whichever unique index refused the row
            // (on PostgreSQL the check that names them runs after the index refused the insert).
            let both = try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                          json: ["name": "E", "email": "d@example.com", "phone": "+14155552671"])
            both.expectProblem(.conflict, field: "email")
            #expect(both.fieldErrors.contains("phone"), "\(both.text)")
            let bothChanged = try await app.send(.PATCH, "/api/v1/customers/\(second["id"]!)", token: org.adminToken,
                                                 json: ["email": "ann@example.com", "phone": "4155552671"])
            bothChanged.expectProblem(.conflict, field: "email")
            #expect(bothChanged.fieldErrors.contains("phone"), "\(bothChanged.text)")
            #expect(first["id"] != nil)
            let list = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(list["total"] as? Int == 2)
        }
    }

    @Test func anotherOrganizationMayHoldTheSameEmailPhoneAndName() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root, settings: ["unique_customer_names": true])
            let b = try await app.createOrganization("bravo", rootToken: root, settings: ["unique_customer_names": true])
            let same: [String: Any] = ["name": "Ann Lee", "email": "ann@example.com", "phone": "+14155552671", "external_id": "x1"]
            try await app.createCustomer(a.adminToken, same)
            try await app.createCustomer(b.adminToken, same)
        }
    }

    @Test func uniqueCustomerNamesRefusesTheSameNameCaseInsensitively() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let strict = try await app.createOrganization("strict", rootToken: root, settings: ["unique_customer_names": true])
            try await app.createCustomer(strict.adminToken, ["name": "Ann Lee"])
            let clash = try await app.send(.POST, "/api/v1/customers", token: strict.adminToken, json: ["name": "  ann   LEE "])
            clash.expectProblem(.conflict, field: "name")
            let relaxed = try await app.createOrganization("relaxed", rootToken: root)
            try await app.createCustomer(relaxed.adminToken, ["name": "Ann Lee"])
            try await app.createCustomer(relaxed.adminToken, ["name": "ann lee"])
        }
    }

    @Test func externalIDIsUniqueInTheOrganization() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await app.createCustomer(org.adminToken, ["name": "A", "external_id": "crm-1"])
            try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "B", "external_id": "crm-1"])
                .expectProblem(.conflict, field: "external_id")
        }
    }

    @Test func twentyConcurrentCreatesWithTheSameEmailMakeExactlyOne() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<20 {
                    group.addTask {
                        try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                           json: ["name": "Racer \(index)", "email": "race@example.com"]).status
                    }
                }
                return try await group.reduce(into: [HTTPResponseStatus]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .created }.count == 1)
            #expect(statuses.filter { $0 == .conflict }.count == 19)
            let list = try await app.send(.GET, "/api/v1/customers?q=race", token: org.adminToken)
            #expect(list["total"] as? Int == 1)
        }
    }

    /// Concurrent writers share transactions (SQLite's group commit): each still wins or loses alone.
    @Test func concurrentCreatesSucceedOrFailEachAlone() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let statuses = try await withThrowingTaskGroup(of: (Int, HTTPResponseStatus).self) { group in
                for index in 0..<24 {
                    // 0..<18: three emails six times each; 18..<24: an email of their own.
                    let email = index < 18 ? "shared\(index % 3)@example.com" : "own\(index)@example.com"
                    group.addTask {
                        (index, try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                                   json: ["name": "Writer \(index)", "email": email, "tags": ["t\(index)"]]).status)
                    }
                }
                return try await group.reduce(into: [Int: HTTPResponseStatus]()) { $0[$1.0] = $1.1 }
            }
            #expect(statuses.values.filter { $0 == .created }.count == 9)
            #expect(statuses.values.filter { $0 == .conflict }.count == 15)
            #expect((18..<24).allSatisfy { statuses[$0] == .created })
            let list = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(list["total"] as? Int == 9)
            #expect(list.data.count == 9)
            let stats = try await app.send(.GET, "/api/v1/customers/stats", token: org.adminToken)
            #expect(stats["total_customers"] as? Int == 9)
            #expect(stats["new_this_month"] as? Int == 9)
            for customer in list.data {
                let index = Int((customer["name"] as! String).split(separator: " ")[1])!
                #expect(customer["tags"] as? [String] == ["t\(index)"])
                let byTag = try await app.send(.GET, "/api/v1/customers?tag=t\(index)", token: org.adminToken)
                #expect(byTag.data.map { $0["id"] as? String } == [customer["id"] as? String])
                let timeline = try await app.send(.GET, "/api/v1/customers/\(customer["id"]!)/timeline", token: org.adminToken)
                #expect(timeline.data.count == 1)
            }
            // A losing writer's tag was rolled back with it.
            for index in 0..<18 where statuses[index] == .conflict {
                #expect(try await app.send(.GET, "/api/v1/customers?tag=t\(index)", token: org.adminToken).data.isEmpty)
            }
        }
    }
}

@Suite struct UniqueNamesSettingTests {
    @Test func switchingUniqueNamesOnCoversExistingCustomersAndRefusesWhileDuplicatesExist() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await app.createCustomer(org.adminToken, ["name": "Ann Lee"])
            let twin = try await app.createCustomer(org.adminToken, ["name": "ann lee"])
            try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken,
                               json: ["settings": ["unique_customer_names": true]])
                .expectProblem(.conflict, field: "settings.unique_customer_names")
            let still = try await app.send(.GET, "/api/v1/organizations/\(org.id)", token: org.adminToken)
            #expect((still["settings"] as? [String: Any])?["unique_customer_names"] as? Bool == false)

            try await app.send(.PATCH, "/api/v1/customers/\(twin["id"]!)", token: org.adminToken, json: ["name": "Ann Lee Jr"])
            let on = try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken,
                                        json: ["settings": ["unique_customer_names": true]])
            #expect(on.status == .ok)
            try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "ANN LEE"])
                .expectProblem(.conflict, field: "name")
            try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken,
                               json: ["settings": ["unique_customer_names": false]])
            try await app.createCustomer(org.adminToken, ["name": "ANN LEE"])
        }
    }
}
