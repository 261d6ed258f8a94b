@testable import App
import Foundation
import Testing
import Vapor

extension Application {
    /// Creates a customer through the API and returns its JSON.
    @discardableResult
    func createCustomer(_ token: String, _ body: [String: Any], sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let response = try await send(.POST, "/api/v1/customers", token: token, json: body)
        #expect(response.status == .created, "create customer: \(response.text)", sourceLocation: sourceLocation)
        return response.json
    }

    /// The names in a customer list response, in order.
    func customerNames(_ token: String, _ query: String) async throws -> [String] {
        let response = try await send(.GET, "/api/v1/customers?\(query)", token: token)
        #expect(response.status == .ok, "list: \(response.text)")
        return response.data.compactMap { $0["name"] as? String }
    }

    /// The names of every page of a customer list, walked by `next_cursor`.
    func customerNamesByCursor(_ token: String, _ query: String) async throws -> [String] {
        try await customerFieldByCursor(token, query, "name")
    }

    /// The ids (lower case) of every page of a customer list, walked by `next_cursor`; stops after `limit` rows.
    func customerIDsByCursor(_ token: String, _ query: String, limit: Int = .max) async throws -> [String] {
        try await customerFieldByCursor(token, query, "id", limit: limit).map { $0.lowercased() }
    }

    private func customerFieldByCursor(_ token: String, _ query: String, _ field: String, limit: Int = .max) async throws -> [String] {
        var seen: [String] = []
        var cursor: String?
        repeat {
            let page = try await send(.GET, "/api/v1/customers?\(query)" + (cursor.map { "&cursor=\($0)" } ?? ""), token: token)
            #expect(page.status == .ok, "list \(query): \(page.text)")
            seen += page.data.compactMap { $0[field] as? String }
            cursor = page["next_cursor"] as? String
        } while cursor != nil && seen.count <= limit
        return seen
    }
}
