import Vapor

/// Lets a dashboard page call the API's own handler for a use-case whose rules live there (users, settings,
/// histories): a copy of the request with the same principal, the given path parameters, query and JSON body.
/// The dashboard therefore answers exactly what the API would — the same roles, tenancy and validation.
struct APIBridge {
    let request: Request

    func call<Output>(_ method: HTTPMethod = .GET, parameters: [String: String] = [:], query: [String: String] = [:],
                      body: (any Encodable)? = nil, _ handler: (Request) async throws -> Output) async throws -> Output {
        var url = URI(path: "/api/v1/dashboard")
        if !query.isEmpty {
            url.query = query.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&")
        }
        var headers = HTTPHeaders()
        var buffer: ByteBuffer?
        if let body {
            headers.contentType = .json
            buffer = ByteBuffer(data: try JSONEncoder.api.encode(body))
        }
        let sub = Request(application: request.application, method: method, url: url, headers: headers,
                          collectedBody: buffer, remoteAddress: request.remoteAddress, logger: request.logger,
                          on: request.eventLoop)
        for (name, value) in parameters { sub.parameters.set(name, to: value) }
        sub.setPrincipal(try request.principal)
        return try await handler(sub)
    }
}
