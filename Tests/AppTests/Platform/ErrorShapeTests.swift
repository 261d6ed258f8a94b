@testable import App
import Testing
import Vapor

@Suite struct ErrorShapeTests {
    @Test func malformedJSONIs400() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            for body in ["{\"name\": ", "not json", "[1,2", ""] {
                let response = try await app.send(.POST, "/api/v1/organizations", token: root, json: body)
                response.expectProblem(.badRequest)
                #expect(!response.text.contains("DecodingError"), "no internals leak: \(response.text)")
            }
            try await app.send(.POST, "/api/v1/organizations", token: root, json: "[]").expectProblem(.badRequest)
        }
    }

    @Test func wrongTypesAndUnknownEnumValuesAre422NamingTheField() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let wrongType = try await app.send(.POST, "/api/v1/organizations", token: root,
                                               json: #"{"name": 42, "slug": "x1", "admin": {"email": "a@b.test", "name": "A", "password": "aaaaaaaaaaaa"}}"#)
            wrongType.expectProblem(.unprocessableEntity, field: "name")
            let nested = try await app.send(.POST, "/api/v1/organizations", token: root,
                                            json: #"{"name": "N", "slug": "x2", "settings": {"unique_customer_names": "yes"}, "admin": {"email": "a@b.test", "name": "A", "password": "aaaaaaaaaaaa"}}"#)
            nested.expectProblem(.unprocessableEntity, field: "settings.unique_customer_names")
            let org = try await app.createOrganization("acme", rootToken: root)
            let role = try await app.send(.POST, "/api/v1/users", token: org.adminToken,
                                          json: ["email": "e@acme.test", "name": "E", "password": testPassword, "role": "emperor"])
            role.expectProblem(.unprocessableEntity, field: "role")
            #expect((role["detail"] as? String)?.contains("admin, dispatcher, agent, guest") == true)
        }
    }

    @Test func overLongStringsAre422() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let response = try await app.send(.POST, "/api/v1/organizations", token: root, json: [
                "name": String(repeating: "x", count: 201), "slug": "long",
                "admin": ["email": "a@long.test", "name": "A", "password": testPassword],
            ])
            response.expectProblem(.unprocessableEntity, field: "name")
        }
    }

    @Test func invalidUUIDsInThePathAre400() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await app.send(.GET, "/api/v1/users/not-a-uuid", token: org.adminToken).expectProblem(.badRequest, field: "id")
            try await app.send(.PATCH, "/api/v1/organizations/123", token: org.adminToken, json: ["name": "x"])
                .expectProblem(.badRequest, field: "id")
        }
    }

    @Test func anUnsupportedMethodOnAKnownPathIs405WithAllow() async throws {
        try await withTestApp { app in
            let token = try await app.rootToken()
            let put = try await app.send(.PUT, "/api/v1/users", token: token)
            put.expectProblem(.methodNotAllowed)
            #expect(put.headers.first(name: .allow) == "GET, HEAD, POST")
            let delete = try await app.send(.DELETE, "/api/v1/organizations/\(UUID())", token: token)
            delete.expectProblem(.methodNotAllowed)
            #expect(delete.headers.first(name: .allow) == "GET, HEAD, PATCH")
            try await app.send(.GET, "/api/v1/nothing-here", token: token).expectProblem(.notFound)
        }
    }

    @Test func bodiesOverTheLimitAre413() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let huge = #"{"name": ""# + String(repeating: "a", count: 1_100_000) + #""}"#
            try await app.send(.POST, "/api/v1/organizations", token: root, json: huge).expectProblem(.payloadTooLarge)
            let list = try await app.send(.GET, "/api/v1/organizations", token: root)
            #expect(list["total"] as? Int == 0)
        }
    }

    @Test func listParametersAreValidated() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            try await app.send(.GET, "/api/v1/organizations?per_page=101", token: root)
                .expectProblem(.unprocessableEntity, field: "per_page")
            try await app.send(.GET, "/api/v1/organizations?page=0", token: root).expectProblem(.unprocessableEntity, field: "page")
            try await app.send(.GET, "/api/v1/organizations?page=abc", token: root).expectProblem(.unprocessableEntity, field: "page")
            try await app.send(.GET, "/api/v1/organizations?cursor=%25%25", token: root)
                .expectProblem(.unprocessableEntity, field: "cursor")
            let defaults = try await app.send(.GET, "/api/v1/organizations", token: root)
            #expect(defaults["per_page"] as? Int == 20)
            #expect(defaults["page"] as? Int == 1)
        }
    }

    @Test func everyResponseCarriesARequestID() async throws {
        try await withTestApp { app in
            let generated = try await app.send(.GET, "/health")
            #expect(generated.headers.first(name: "X-Request-Id")?.count == 36)
            let echoed = try await app.send(.GET, "/api/v1/me", headers: [("X-Request-Id", "abc-123")])
            #expect(echoed.headers.first(name: "X-Request-Id") == "abc-123")
            #expect(echoed["request_id"] as? String == "abc-123")
            let replaced = try await app.send(.GET, "/health", headers: [("X-Request-Id", "bad id\u{7}")])
            #expect(replaced.headers.first(name: "X-Request-Id") != "bad id\u{7}")
        }
    }
}
