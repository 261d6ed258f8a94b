@testable import App
import Foundation
import Testing
import Vapor

/// Orders and tasks in the API half of the matrix. Columns as in `APIMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// A body naming a customer the caller cannot see is refused like a missing one: 422 naming `customer_id`.
extension APIMatrix {
    static func deliveryRows() -> [APIMatrixRow] {
        [
            // Orders: agents work through tasks and see none; a guest user sees those of the customers it manages.
            row(.GET, "api/v1/orders", [200, 200, 403, 403, 200, 200, 200, 400], path { _ in "/api/v1/orders?per_page=100" },
                check: { w, role, r in MatrixViews.listed(r, id: w.c1Order, role.customerView != .hidden, what: "C1's order") }),
            row(.POST, "api/v1/orders", [201, 201, 403, 403, 201, 422, 422, 400]) { w, _ in
                MatrixRequest("/api/v1/orders", json: ["customer_id": try await w.fresh().id, "amount": "3.00"])
            },
            row(.GET, "api/v1/orders/:id", [200, 200, 403, 403, 200, 404, 404, 400], path { "/api/v1/orders/\($0.c1Order)" }),
            row(.PATCH, "api/v1/orders/:id", [200, 200, 403, 403, 200, 404, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/orders/\(try await w.fresh(order: true).orderID)", json: ["receipt_number": "R-\(w.next())"])
            },

            // Tasks: an agent sees and moves its own; a guest user sees those of its customers and moves none.
            row(.GET, "api/v1/tasks", [200, 200, 200, 200, 200, 200, 200, 400], path { _ in "/api/v1/tasks?per_page=100" },
                check: { w, role, r in
                    var problems = MatrixViews.listed(r, id: w.c1Task, ![.agentWithoutTask, .guestManagingNone, .otherOrgAdmin].contains(role),
                                                      what: "C1's task")
                    if [.agentWithTask, .agentWithoutTask].contains(role),
                       r.data.contains(where: { ($0["agent"] as? [String: Any])?["id"] as? String != w.userID(role) }) {
                        problems.append("lists tasks that are not the agent's")
                    }
                    return problems
                }),
            row(.POST, "api/v1/tasks", [201, 201, 403, 403, 201, 422, 422, 400]) { w, _ in
                MatrixRequest("/api/v1/tasks", json: ["type": "delivery", "customer_id": try await w.fresh().id,
                                                      "dropoff": ["line1": "9 Task Road"]])
            },
            row(.GET, "api/v1/tasks/:id", [200, 200, 200, 404, 200, 404, 404, 400], path { "/api/v1/tasks/\($0.c1Task)" },
                check: { _, _, r in
                    (r.json["contact"] as? [String: Any]).map { Set($0.keys).isSubset(of: ["name", "phone"]) } == false
                        ? ["shows more of the contact than name and phone"] : []
                }),
            row(.PATCH, "api/v1/tasks/:id", [200, 200, 403, 404, 403, 404, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/tasks/\(try await w.fresh().taskID)", json: ["notes": "Ring twice"])
            },
            row(.POST, "api/v1/tasks/:id/transitions", [200, 200, 200, 404, 403, 404, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/tasks/\(try await w.fresh(assigned: true).taskID)/transitions", json: ["to": "accepted"])
            },
            row(.GET, "api/v1/tasks/:id/transitions", [200, 200, 200, 404, 200, 404, 404, 400],
                path { "/api/v1/tasks/\($0.c1Task)/transitions" }),
        ]
    }
}
