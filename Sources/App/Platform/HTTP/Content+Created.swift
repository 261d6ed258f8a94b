import Vapor

extension Content {
    /// 201 with a `Location` header naming the new resource.
    func created(at location: String, for request: Request) async throws -> Response {
        let response = try await encodeResponse(status: .created, for: request)
        response.headers.replaceOrAdd(name: .location, value: location)
        return response
    }
}
