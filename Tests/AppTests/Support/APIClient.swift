@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

/// A response with its body parsed as JSON.
struct APIResponse {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let text: String

    var json: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? [:]
    }

    var data: [[String: Any]] { json["data"] as? [[String: Any]] ?? [] }
    var contentType: String { headers.first(name: .contentType) ?? "" }
    var fieldErrors: [String] { (json["errors"] as? [[String: Any]] ?? []).compactMap { $0["field"] as? String } }

    subscript(key: String) -> Any? { json[key] }

    /// Asserts an RFC 9457 problem with this status.
    func expectProblem(_ expected: HTTPResponseStatus, field: String? = nil,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(status == expected, "body: \(text)", sourceLocation: sourceLocation)
        #expect(contentType.hasPrefix("application/problem+json"), sourceLocation: sourceLocation)
        #expect(json["type"] is String, sourceLocation: sourceLocation)
        #expect(json["title"] is String, sourceLocation: sourceLocation)
        #expect(json["status"] as? Int == Int(expected.code), sourceLocation: sourceLocation)
        #expect(json["detail"] is String, sourceLocation: sourceLocation)
        if let field {
            #expect(fieldErrors.contains(field), "errors: \(fieldErrors)", sourceLocation: sourceLocation)
        }
    }
}

extension Application {
    /// Sends a request as a client would; `json` is sent as-is (a String) or serialized (a dictionary).
    @discardableResult
    func send(_ method: HTTPMethod, _ path: String, token: String? = nil, json: Any? = nil,
              headers extra: [(String, String)] = []) async throws -> APIResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        var body: ByteBuffer?
        if let json {
            headers.add(name: .contentType, value: "application/json")
            let text: String
            if let raw = json as? String { text = raw } else {
                text = String(decoding: try JSONSerialization.data(withJSONObject: json), as: UTF8.self)
            }
            body = ByteBuffer(string: text)
        }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        var result: APIResponse?
        try await testing().test(method, path, headers: headers, body: body) { response in
            result = APIResponse(status: response.status, headers: response.headers, text: response.body.string)
        }
        return result!
    }

    func signIn(_ email: String, _ password: String) async throws -> String {
        let response = try await send(.POST, "/api/v1/auth/token", json: ["email": email, "password": password])
        #expect(response.status == .created, "sign-in of \(email): \(response.text)")
        return response["token"] as? String ?? ""
    }

    func rootToken() async throws -> String { try await signIn(Root.email, Root.password) }
}
