@testable import App
import Testing
import Vapor

@Suite struct CustomerIntakeTests {
    @Test func upsertReusesTheCustomerWithTheSamePhoneOrEmailAndFillsOnlyWhatItLacks() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let existing = try await app.createCustomer(org.adminToken, ["name": "Ann Lee", "phone": "+14155552671", "company": "Old Co"])
            let matched = try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken, json: [
                "name": "Someone Else", "phone": "(415) 555-2671", "company": "New Co", "email": "ann@example.com",
                "source": "whatsapp",
            ])
            #expect(matched.status == .ok, "\(matched.text)")
            #expect(matched["id"] as? String == existing["id"] as? String)
            #expect(matched["name"] as? String == "Ann Lee")
            #expect(matched["company"] as? String == "Old Co")
            #expect(matched["email"] as? String == "ann@example.com")

            let byEmail = try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken,
                                             json: ["name": "X", "email": "ANN@example.com "])
            #expect(byEmail.status == .ok)
            #expect(byEmail["id"] as? String == existing["id"] as? String)

            let created = try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken,
                                             json: ["name": "Bo", "phone": "+1 212 555 0143", "source": "shopify"])
            #expect(created.status == .created)
            #expect(created["source"] as? String == "shopify")
            #expect(created.headers.first(name: .location) != nil)
            let list = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(list["total"] as? Int == 2)
        }
    }

    @Test func upsertNeedsAPhoneOrAnEmail() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken, json: ["name": "Nobody"])
                .expectProblem(.unprocessableEntity, field: "phone")
        }
    }

    @Test func theTimelineRecordsWhoChangedWhatNewestFirst() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Ann"])["id"] as? String)
            try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["company": "Acme", "email": "a@b.co"])
            try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["status": "blocked"])
            try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken,
                               json: ["marketing": ["sms_opt_in": true, "source": "paper-form"]])
            let timeline = try await app.send(.GET, "/api/v1/customers/\(id)/timeline", token: org.adminToken)
            #expect(timeline.status == .ok)
            let types = timeline.data.compactMap { $0["type"] as? String }
            #expect(types == ["marketing_changed", "updated", "status_changed", "updated", "updated", "created"])
            let consent = try #require(timeline.data.first?["details"] as? [String: Any])
            #expect(consent["channel"] as? String == "sms" && consent["opt_in"] as? Bool == true)
            #expect(consent["source"] as? String == "paper-form")
            let status = try #require(timeline.data[2]["details"] as? [String: Any])
            #expect(status["from"] as? String == "active" && status["to"] as? String == "blocked")
            let edit = try #require(timeline.data[4]["details"] as? [String: Any])
            #expect(Set(edit["fields"] as? [String] ?? []) == ["company", "email"])
            let actor = try #require(timeline.data[4]["actor"] as? [String: Any])
            #expect(actor["name"] as? String == "Admin acme")

            let page = try await app.send(.GET, "/api/v1/customers/\(id)/timeline?per_page=4", token: org.adminToken)
            let cursor = try #require(page["next_cursor"] as? String)
            let rest = try await app.send(.GET, "/api/v1/customers/\(id)/timeline?per_page=4&cursor=\(cursor)", token: org.adminToken)
            #expect(rest.data.compactMap { $0["type"] as? String } == ["updated", "created"])
            #expect(timeline["total"] as? Int == 6)
        }
    }
}
