@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

/// A page as a browser gets it.
struct WebResponse {
    let status: HTTPResponseStatus
    let headers: HTTPHeaders
    let body: String

    var location: String? { headers.first(name: .location) }
    var setCookies: [String] { headers[.setCookie] }
}

/// Drives the dashboard over HTTP like a browser without script: keeps cookies, posts forms with the page's
/// CSRF token.
final class WebBrowser {
    let app: Application
    private(set) var cookies: [String: String] = [:]
    private(set) var csrf = ""

    init(_ app: Application) { self.app = app }

    @discardableResult
    func get(_ path: String) async throws -> WebResponse { try await send(.GET, path, body: nil) }

    /// Posts a form; the last page's CSRF token is added unless `withCSRF` is false.
    @discardableResult
    func post(_ path: String, _ form: [String: String], withCSRF: Bool = true) async throws -> WebResponse {
        var fields = form
        if withCSRF, fields["_csrf"] == nil { fields["_csrf"] = csrf }
        let body = fields.map { "\(Self.encode($0.key))=\(Self.encode($0.value))" }.joined(separator: "&")
        return try await send(.POST, path, body: body)
    }

    /// Sends a file as the import page's form does: multipart, its CSRF token in the action's query string.
    @discardableResult
    func upload(_ path: String, csv: String, fields: [String: String] = [:], withCSRF: Bool = true) async throws -> WebResponse {
        let boundary = "browser-\(UUID().uuidString)"
        var body = ""
        for (name, value) in fields.sorted(by: { $0.key < $1.key }) {
            body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
        }
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"customers.csv\"\r\n"
            + "Content-Type: text/csv\r\n\r\n\(csv)\r\n--\(boundary)--\r\n"
        let target = withCSRF ? path + (path.contains("?") ? "&" : "?") + "_csrf=" + Self.encode(csrf) : path
        return try await send(.POST, target, body: body, contentType: "multipart/form-data; boundary=\(boundary)")
    }

    func signIn(_ email: String, _ password: String) async throws {
        try await get("/sign-in")
        let response = try await post("/sign-in", ["email": email, "password": password])
        #expect(response.status == .seeOther, "sign-in of \(email): \(response.body)")
        try await get(response.location ?? "/customers")
    }

    private func send(_ method: HTTPMethod, _ path: String, body: String?, contentType: String? = nil) async throws -> WebResponse {
        var headers = HTTPHeaders()
        headers.add(name: .accept, value: "text/html,application/xhtml+xml,*/*;q=0.8")
        if !cookies.isEmpty { headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")) }
        if let contentType { headers.replaceOrAdd(name: .contentType, value: contentType) }
        else if body != nil { headers.contentType = .urlEncodedForm }
        var result: WebResponse?
        try await app.testing().test(method, path, headers: headers, body: body.map { ByteBuffer(string: $0) }) { response in
            result = WebResponse(status: response.status, headers: response.headers, body: response.body.string)
        }
        let response = result!
        for header in response.setCookies {
            let pair = header.split(separator: ";")[0].split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2 else { continue }
            let expired = header.lowercased().contains("max-age=0")
            if expired || pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        if let range = response.body.range(of: #"name="_csrf" value=""#) {
            csrf = String(response.body[range.upperBound...].prefix { $0 != "\"" })
        }
        return response
    }

    private static func encode(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
    }
}
