import Vapor

/// Serves the OpenAPI 3.1 description of the API.
struct OpenAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("openapi.json", use: document)
    }

    func document(req: Request) async throws -> Response {
        let body = try JSONEncoder.api.encode(OpenAPIDocument.build())
        return Response(status: .ok, headers: ["Content-Type": "application/json"], body: .init(data: body))
    }
}
