@testable import App
import Foundation
import Testing
import Vapor

/// Segments in the API half of the matrix. Columns as in `APIMatrix`: admin, dispatcher, agent with task, agent
/// without, guest managing C1, guest managing none, org B admin, super admin. Admins and dispatchers save and use
/// segments; agents and guest users neither see nor use them; another organization's segment is 404.
extension APIMatrix {
    static func segmentRows() -> [APIMatrixRow] {
        let staffOfA: [UInt] = [200, 200, 403, 403, 403, 403, 404, 400]
        return [
            row(.GET, "api/v1/segments", [200, 200, 403, 403, 403, 403, 200, 400], path { _ in "/api/v1/segments" }),
            row(.POST, "api/v1/segments", [201, 201, 403, 403, 403, 403, 201, 400]) { _, role in
                MatrixRequest("/api/v1/segments", json: ["name": "Active \(role)", "filters": ["status": "active"]])
            },
            row(.GET, "api/v1/segments/:id", staffOfA) { w, _ in MatrixRequest("/api/v1/segments/\(try await segment(w))") },
            row(.PATCH, "api/v1/segments/:id", staffOfA) { w, _ in
                MatrixRequest("/api/v1/segments/\(try await segment(w))", json: ["filters": ["has_email": true]])
            },
            row(.DELETE, "api/v1/segments/:id", [204, 204, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/segments/\(try await segment(w))")
            },
        ]
    }

    /// A new segment of organization A.
    static func segment(_ w: MatrixWorld) async throws -> String {
        let created = try await w.app.send(.POST, "/api/v1/segments", token: w.orgA.adminToken,
                                           json: ["name": "Segment \(UUID().uuidString.prefix(8))", "filters": ["status": "active"]])
        return try #require(created["id"] as? String, "\(created.text)")
    }
}
