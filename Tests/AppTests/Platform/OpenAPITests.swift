@testable import App
import Testing
import Vapor

@Suite struct OpenAPITests {
    @Test func everyRegisteredRouteIsDocumented() async throws {
        try await withTestApp { app in
            let response = try await app.send(.GET, "/api/v1/openapi.json")
            #expect(response.status == .ok)
            #expect(response["openapi"] as? String == "3.1.0")
            let paths = try #require(response["paths"] as? [String: [String: Any]])
            // The API and /health; the dashboard's HTML pages are not part of the API description.
            for route in app.routes.all where ["api", "health"].contains(route.path.first?.description ?? "") {
                let path = "/" + route.path.map { component -> String in
                    if case let .parameter(name) = component { return "{\(name)}" }
                    return component.description
                }.joined(separator: "/")
                let operation = paths[path]?[route.method.rawValue.lowercased()]
                #expect(operation != nil, "\(route.method.rawValue) \(path) is missing from openapi.json")
            }
        }
    }

    @Test func theDocumentDescribesBearerAuthAndProblemResponses() async throws {
        try await withTestApp { app in
            let document = try await app.send(.GET, "/api/v1/openapi.json").json
            let components = try #require(document["components"] as? [String: Any])
            let schemes = try #require(components["securitySchemes"] as? [String: [String: Any]])
            #expect(schemes["bearerAuth"]?["scheme"] as? String == "bearer")
            let schemas = try #require(components["schemas"] as? [String: Any])
            #expect(schemas["Problem"] != nil)
            let paths = try #require(document["paths"] as? [String: [String: [String: Any]]])
            let createUser = try #require(paths["/api/v1/users"]?["post"])
            let responses = try #require(createUser["responses"] as? [String: Any])
            for status in ["201", "401", "403", "409", "422"] { #expect(responses[status] != nil, "\(status)") }
        }
    }
}
