@testable import App
import Foundation
import Testing
import Vapor

extension Application {
    @discardableResult
    func placeOrder(_ token: String, _ body: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let response = try await send(.POST, "/api/v1/orders", token: token, json: body)
        #expect(response.status == .created, "place order: \(response.text)", sourceLocation: sourceLocation)
        return response.json
    }

    func customer(_ token: String, _ id: Any?) async throws -> [String: Any] {
        try await send(.GET, "/api/v1/customers/\(id ?? "")", token: token).json
    }
}
