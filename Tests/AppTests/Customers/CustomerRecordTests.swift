@testable import App
import Testing
import Vapor

@Suite struct CustomerRecordTests {
    static let fields = [
        "id", "name", "first_name", "last_name", "company", "email", "phone", "birthday", "timezone",
        "preferred_language", "preferred_contact_method", "best_time_to_call", "notes", "tags", "custom_fields",
        "external_id", "source", "status", "marketing", "names_validated", "managed_by", "default_address",
        "loyalty_points", "total_orders", "total_spent", "visits", "first_order_at", "last_order_at", "version",
        "created_at", "updated_at",
    ]

    @Test func aFullRecordIsStoredAndReturnedAsTheSpecNamesIt() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let response = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: [
                "name": "  Joanna Smith ", "first_name": "Joanna", "last_name": "Smith", "company": "Smith & Co",
                "email": " Joanna.Smith@Example.COM ", "phone": "(415) 555-2671", "birthday": "1990-04-01",
                "timezone": "America/Los_Angeles", "preferred_language": "DE", "preferred_contact_method": "sms",
                "best_time_to_call": "evening", "notes": "Ring twice", "tags": [" vip ", "VIP", "wholesale"],
                "custom_fields": ["floor": 3, "gate_code": "12#", "pets": true], "external_id": "crm-42",
                "marketing": ["email_opt_in": true, "source": "checkout"], "names_validated": true,
            ])
            #expect(response.status == .created, "\(response.text)")
            let body = response.json
            let id = try #require(body["id"] as? String)
            #expect(response.headers.first(name: .location) == "/api/v1/customers/\(id)")
            #expect(response.headers.first(name: .eTag) == "\"1\"")
            for field in Self.fields { #expect(body.keys.contains(field), "missing \(field)") }
            #expect(body["name"] as? String == "Joanna Smith")
            #expect(body["email"] as? String == "joanna.smith@example.com")
            #expect(body["phone"] as? String == "+14155552671")
            #expect(body["preferred_language"] as? String == "de")
            #expect(body["tags"] as? [String] == ["vip", "wholesale"])
            let custom = try #require(body["custom_fields"] as? [String: Any])
            #expect(custom["floor"] as? Int == 3 && custom["gate_code"] as? String == "12#" && custom["pets"] as? Bool == true)
            let marketing = try #require(body["marketing"] as? [String: Any])
            #expect(marketing["email_opt_in"] as? Bool == true)
            #expect(marketing["email_opt_in_source"] as? String == "checkout")
            #expect(marketing["email_opt_in_at"] is String)
            #expect(marketing["sms_opt_in"] as? Bool == false)
            #expect(body["source"] as? String == "api")
            #expect(body["status"] as? String == "active")
            #expect(body["total_spent"] as? String == "0.00")
            #expect(body["loyalty_points"] as? Int == 0 && body["total_orders"] as? Int == 0 && body["visits"] as? Int == 0)
            #expect(body["default_address"] is NSNull && body["managed_by"] is NSNull)
            #expect(body["version"] as? Int == 1)

            let read = try await app.send(.GET, "/api/v1/customers/\(id)", token: org.adminToken)
            #expect(read.status == .ok)
            #expect(read.headers.first(name: .eTag) == "\"1\"")
            #expect(read["birthday"] as? String == "1990-04-01")
        }
    }

    @Test func defaultsAndANameComposedFromFirstAndLast() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let body = try await app.createCustomer(org.adminToken, ["first_name": "Ann", "last_name": "Lee"])
            #expect(body["name"] as? String == "Ann Lee")
            #expect(body["preferred_language"] as? String == "en")
            #expect(body["preferred_contact_method"] as? String == "email")
            #expect(body["status"] as? String == "active")
            #expect(body["names_validated"] as? Bool == false)
        }
    }

    @Test func computedAndServerSetFieldsAreNeverTakenFromTheBody() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let fixedID = UUID().uuidString
            let body = try await app.createCustomer(org.adminToken, [
                "name": "Sneaky", "id": fixedID, "loyalty_points": 500, "total_orders": 9, "total_spent": "99.00",
                "visits": 4, "version": 77, "created_at": "2001-01-01T00:00:00Z", "organization_id": UUID().uuidString,
                "default_address": "x", "first_order_at": "2001-01-01T00:00:00Z",
            ])
            #expect(body["id"] as? String != fixedID)
            #expect(body["loyalty_points"] as? Int == 0 && body["total_orders"] as? Int == 0 && body["visits"] as? Int == 0)
            #expect(body["total_spent"] as? String == "0.00" && body["version"] as? Int == 1)
            #expect(body["organization_id"] as? String == org.id)
            #expect(body["first_order_at"] is NSNull)
        }
    }

    static func long(_ n: Int) -> String { String(repeating: "x", count: n) }
    static let manyTags = (0..<51).map { "\"t\($0)\"" }.joined(separator: ",")
    static let manyFields = (0..<51).map { "\"k\($0)\": \($0)" }.joined(separator: ",")
    static let invalidBodies: [(String, String)] = [
        ("name", #"{"name": "\#(long(201))"}"#),
        ("name", #"{"name": "   "}"#),
        ("name", #"{"company": "No name"}"#),
        ("email", #"{"name": "A", "email": "not-an-email"}"#),
        ("email", #"{"name": "A", "email": "a@b"}"#),
        ("phone", #"{"name": "A", "phone": "12"}"#),
        ("phone", #"{"name": "A", "phone": "call me"}"#),
        ("birthday", #"{"name": "A", "birthday": "2999-01-01"}"#),
        ("birthday", #"{"name": "A", "birthday": "1990-02-30"}"#),
        ("birthday", #"{"name": "A", "birthday": "01/02/1990"}"#),
        ("timezone", #"{"name": "A", "timezone": "Mars/Olympus_Mons"}"#),
        ("preferred_language", #"{"name": "A", "preferred_language": "xx"}"#),
        ("preferred_language", #"{"name": "A", "preferred_language": "eng"}"#),
        ("preferred_contact_method", #"{"name": "A", "preferred_contact_method": "fax"}"#),
        ("best_time_to_call", #"{"name": "A", "best_time_to_call": "midnight"}"#),
        ("status", #"{"name": "A", "status": "deleted"}"#),
        ("tags[1]", #"{"name": "A", "tags": ["ok", "\#(long(51))"]}"#),
        ("tags[0]", #"{"name": "A", "tags": ["  "]}"#),
        ("tags", #"{"name": "A", "tags": [\#(manyTags)]}"#),
        ("tags", #"{"name": "A", "tags": "vip"}"#),
        ("tags[0]", #"{"name": "A", "tags": [5]}"#),
        ("custom_fields.Bad-Key", #"{"name": "A", "custom_fields": {"Bad-Key": 1}}"#),
        ("custom_fields.nested", #"{"name": "A", "custom_fields": {"nested": {"a": 1}}}"#),
        ("custom_fields", #"{"name": "A", "custom_fields": {\#(manyFields)}}"#),
        ("external_id", #"{"name": "A", "external_id": "\#(long(101))"}"#),
        ("managed_by", #"{"name": "A", "managed_by": "not-a-uuid"}"#),
        ("marketing.email_opt_in", #"{"name": "A", "marketing": {"email_opt_in": "yes"}}"#),
        ("names_validated", #"{"name": "A", "names_validated": "true"}"#),
        ("first_name", #"{"name": "A", "first_name": "\#(long(101))"}"#),
        ("notes", #"{"name": "A", "notes": 12}"#),
        ("source", #"{"name": "A", "source": "Bad Channel!"}"#),
    ]

    @Test(arguments: invalidBodies)
    func everyInvalidValueIs422NamingTheField(field: String, body: String) async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let response = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: body)
            response.expectProblem(.unprocessableEntity, field: field)
            let list = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(list["total"] as? Int == 0, "nothing written")
        }
    }

    @Test func managedByMustBeAGuestOfTheSameOrganization() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let org = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            let guest = try await app.createUser(in: org, role: "guest")
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let foreignGuest = try await app.createUser(in: other, role: "guest")
            for id in [dispatcher.id, foreignGuest.id, UUID().uuidString] {
                try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "A", "managed_by": id])
                    .expectProblem(.unprocessableEntity, field: "managed_by")
            }
            let managed = try await app.createCustomer(org.adminToken, ["name": "A", "managed_by": guest.id])
            #expect(managed["managed_by"] as? String == guest.id)
            let cleared = try await app.send(.PATCH, "/api/v1/customers/\(managed["id"]!)", token: org.adminToken,
                                             json: ["managed_by": NSNull()])
            #expect(cleared["managed_by"] is NSNull)
        }
    }
}
