@testable import App
import Foundation
import Testing
import Vapor

/// Merging customers in the API half of the matrix. Columns as in `APIMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// Admins and dispatchers merge, list merges and undo them; agents and guest users do none of it; another
/// organization's admin finds none of organization A's records or merges (404).
extension APIMatrix {
    static func mergeRows() -> [APIMatrixRow] {
        let staffOfA: [UInt] = [200, 200, 403, 403, 403, 403, 404, 400]
        return [
            row(.POST, "api/v1/customers/merge", staffOfA, { w, _ in
                let kept = try await w.fresh().id
                let removed = try await w.fresh().id
                return MatrixRequest("/api/v1/customers/merge", json: ["into": kept, "from": [removed]])
            }, check: { _, _, r in
                (r.json["merge"] as? [String: Any])?["id"] is String && r.json["customer"] is [String: Any] ? [] : ["has no merge or customer"]
            }),
            row(.GET, "api/v1/customers/merges", [200, 200, 403, 403, 403, 403, 200, 400], { w, _ in
                _ = try await merge(w)
                return MatrixRequest("/api/v1/customers/merges")
            }, check: { w, role, r in
                role == .otherOrgAdmin && !r.data.isEmpty ? ["lists organization A's merges"] : []
            }),
            row(.GET, "api/v1/customers/merges/:id", staffOfA) { w, _ in
                MatrixRequest("/api/v1/customers/merges/\(try await merge(w))")
            },
            row(.POST, "api/v1/customers/merges/:id/undo", staffOfA) { w, _ in
                MatrixRequest("/api/v1/customers/merges/\(try await merge(w))/undo")
            },
        ]
    }

    /// A new merge of two fresh customers of organization A, by its admin.
    static func merge(_ w: MatrixWorld) async throws -> String {
        let kept = try await w.fresh().id
        let removed = try await w.fresh().id
        let merged = try await w.app.send(.POST, "/api/v1/customers/merge", token: w.orgA.adminToken,
                                          json: ["into": kept, "from": [removed]])
        #expect(merged.status == .ok, "\(merged.text)")
        return try #require((merged["merge"] as? [String: Any])?["id"] as? String, "\(merged.text)")
    }
}
