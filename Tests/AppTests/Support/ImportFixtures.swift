@testable import App
import Foundation
import Testing
import Vapor
import VaporTesting

extension Application {
    /// Sends raw bytes (a CSV file, garbage) with a content type.
    @discardableResult
    func sendBytes(_ method: HTTPMethod, _ path: String, token: String?, bytes: [UInt8],
                   contentType: String = "text/csv") async throws -> APIResponse {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        headers.add(name: .contentType, value: contentType)
        var result: APIResponse?
        try await testing().test(method, path, headers: headers, body: ByteBuffer(bytes: bytes)) { response in
            result = APIResponse(status: response.status, headers: response.headers, text: response.body.string)
        }
        return result!
    }

    /// Posts a CSV import (`query` like `dry_run=true`) and, for a real import, waits for its job to end.
    @discardableResult
    func importCSV(_ token: String, _ csv: String, query: String = "",
                   sourceLocation: SourceLocation = #_sourceLocation) async throws -> APIResponse {
        let response = try await sendBytes(.POST, "/api/v1/customers/import?\(query)", token: token, bytes: Array(csv.utf8))
        if response.status == .accepted {
            await importJobs.waitUntilIdle()
            let job = try await send(.GET, "/api/v1/imports/\(response["id"] as? String ?? "")", token: token)
            #expect(job.status == .ok, "\(job.text)", sourceLocation: sourceLocation)
            return job
        }
        return response
    }

    /// Every customer of the caller's organization (up to 100), by name.
    func allCustomers(_ token: String) async throws -> [[String: Any]] {
        try await send(.GET, "/api/v1/customers?per_page=100", token: token).data
    }
}
