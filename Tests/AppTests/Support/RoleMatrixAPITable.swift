@testable import App
import Foundation
import Testing
import Vapor

/// One API route of the matrix: the status each role gets (in `MatrixRole.allCases` order), the request that
/// would succeed for an allowed role, and the field checks of what it answered.
struct APIMatrixRow {
    typealias Check = (MatrixWorld, MatrixRole, APIResponse) async throws -> [String]
    let method: HTTPMethod
    let route: String
    let expected: [UInt]
    let request: (MatrixWorld, MatrixRole) async throws -> MatrixRequest
    var check: Check?
}

/// The API half of the matrix. Columns:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
enum APIMatrix {
    static func row(_ method: HTTPMethod, _ route: String, _ expected: [UInt],
                    _ request: @escaping (MatrixWorld, MatrixRole) async throws -> MatrixRequest,
                    check: APIMatrixRow.Check? = nil) -> APIMatrixRow {
        APIMatrixRow(method: method, route: route, expected: expected, request: request, check: check)
    }

    /// A request without a body to a path made from the fixtures.
    static func path(_ make: @escaping (MatrixWorld) -> String) -> (MatrixWorld, MatrixRole) async throws -> MatrixRequest {
        { w, _ in MatrixRequest(make(w)) }
    }

    static func rows() -> [APIMatrixRow] {
        let c1 = path { "/api/v1/customers/\($0.c1)" }
        return [
            // Public, or the caller's own session: the same for everyone.
            row(.GET, "health", [200, 200, 200, 200, 200, 200, 200, 200], path { _ in "/health" }),
            row(.GET, "ready", [200, 200, 200, 200, 200, 200, 200, 200], path { _ in "/ready" }),
            // Operators only: a super admin (or the metrics token, see MetricsTests).
            row(.GET, "metrics", [403, 403, 403, 403, 403, 403, 403, 200], path { _ in "/metrics" }),
            row(.GET, "api/v1/openapi.json", [200, 200, 200, 200, 200, 200, 200, 200], path { _ in "/api/v1/openapi.json" }),
            row(.GET, "api/v1/public/orders", [200, 200, 200, 200, 200, 200, 200, 200],
                path { "/api/v1/public/orders?org=alpha&numbers=\($0.c1OrderNumber)" }),
            row(.POST, "api/v1/auth/token", [201, 201, 201, 201, 201, 201, 201, 201]) { w, role in
                let (email, password) = w.credentials(role)
                return MatrixRequest("/api/v1/auth/token", json: ["email": email, "password": password])
            },
            row(.DELETE, "api/v1/auth/token", [204, 204, 204, 204, 204, 204, 204, 204]) { w, role in
                MatrixRequest("/api/v1/auth/token", token: try await w.freshToken(role))
            },
            row(.GET, "api/v1/me", [200, 200, 200, 200, 200, 200, 200, 200], path { _ in "/api/v1/me" }),

            // Organizations and users: the rules of Permission.swift (admins manage, dispatchers may list users).
            row(.GET, "api/v1/organizations", [200, 200, 200, 200, 200, 200, 200, 200], path { _ in "/api/v1/organizations" },
                check: { w, role, r in
                    MatrixViews.listed(r, id: w.orgA.id, role != .otherOrgAdmin, what: "organization A")
                        + MatrixViews.listed(r, id: w.orgB.id, [.otherOrgAdmin, .superAdmin].contains(role), what: "organization B")
                }),
            row(.POST, "api/v1/organizations", [403, 403, 403, 403, 403, 403, 403, 201]) { w, _ in
                let n = w.next()
                return MatrixRequest("/api/v1/organizations", json: ["name": "Matrix \(n)", "slug": "matrix-\(n)", "admin": [
                    "email": "admin@matrix-\(n).test", "name": "Admin", "password": testPassword]])
            },
            row(.GET, "api/v1/organizations/:id", [200, 200, 200, 200, 200, 200, 404, 200], path { "/api/v1/organizations/\($0.orgA.id)" }),
            row(.PATCH, "api/v1/organizations/:id", [200, 403, 403, 403, 403, 403, 404, 200]) { w, _ in
                MatrixRequest("/api/v1/organizations/\(w.orgA.id)", json: ["name": "Org alpha"])
            },
            row(.GET, "api/v1/users", [200, 200, 403, 403, 403, 403, 200, 400], path { _ in "/api/v1/users" },
                check: { w, role, r in
                    MatrixViews.listed(r, id: w.dispatcher.id, role != .otherOrgAdmin, what: "organization A's dispatcher")
                }),
            row(.POST, "api/v1/users", [201, 403, 403, 403, 403, 403, 201, 400]) { w, _ in
                let n = w.next()
                return MatrixRequest("/api/v1/users", json: ["email": "made\(n)@matrix.test", "name": "Made \(n)",
                                                             "password": testPassword, "role": "agent"])
            },
            row(.GET, "api/v1/users/:id", [200, 200, 403, 403, 403, 403, 404, 400], path { "/api/v1/users/\($0.orgAAdminID)" }),
            row(.PATCH, "api/v1/users/:id", [200, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/users/\(try await w.freshUser())", json: ["name": "Renamed"])
            },
            row(.DELETE, "api/v1/users/:id", [204, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/users/\(try await w.freshUser())")
            },
            row(.GET, "api/v1/audit-log", [200, 403, 403, 403, 403, 403, 200, 200], path { _ in "/api/v1/audit-log?per_page=100" },
                check: { w, role, r in role == .otherOrgAdmin && r.text.contains(w.orgA.id) ? ["shows organization A's entries"] : [] }),

            // Customers.
            row(.GET, "api/v1/customers", [200, 200, 200, 200, 200, 200, 200, 400], path { _ in "/api/v1/customers?per_page=100" },
                check: { w, role, r in
                    var problems = MatrixViews.customerList(r.data, c1: w.c1, role.customerView)
                    if role == .agentWithTask {
                        // An agent does not see emails, so it cannot search them either (issue 16, item 2).
                        let probe = try await w.app.send(.GET, "/api/v1/customers?q=\(MatrixWorld.emailProbe)", token: w.token(role))
                        if probe.data.contains(where: { $0["id"] as? String == w.c1 }) { problems.append("finds C1 by a part of its email") }
                    }
                    return problems
                }),
            row(.POST, "api/v1/customers", [201, 201, 403, 403, 201, 201, 201, 400],
                { w, _ in MatrixRequest("/api/v1/customers", json: ["name": "Made \(w.next())"]) },
                check: { _, role, r in role.customerView == .managed && r.json.keys.contains("notes") ? ["answers the internal notes"] : [] }),
            row(.POST, "api/v1/customers/upsert", [201, 201, 403, 403, 201, 201, 201, 400], { w, _ in
                let n = w.next()
                return MatrixRequest("/api/v1/customers/upsert", json: ["name": "Upsert \(n)", "email": "upsert\(n)@example.com"])
            }, check: { _, role, r in role.customerView == .managed && r.json.keys.contains("notes") ? ["answers the internal notes"] : [] }),
            row(.GET, "api/v1/customers/stats", [200, 200, 403, 403, 403, 403, 200, 400], path { _ in "/api/v1/customers/stats" }),
            row(.GET, "api/v1/customers/duplicates", [200, 200, 403, 403, 403, 403, 200, 400],
                path { _ in "/api/v1/customers/duplicates" }),
            row(.GET, "api/v1/customers/export.csv", [200, 200, 403, 403, 403, 403, 200, 400], path { _ in "/api/v1/customers/export.csv" },
                check: { _, role, r in
                    switch role {
                    case .admin, .dispatcher: r.text.contains(MatrixWorld.c1Email) ? [] : ["does not export C1"]
                    case .otherOrgAdmin: r.text.contains(MatrixWorld.c1Name) ? ["exports organization A's C1"] : []
                    default: []
                    }
                }),
            row(.GET, "api/v1/customers/export.xlsx", [200, 200, 403, 403, 403, 403, 200, 400], path { _ in "/api/v1/customers/export.xlsx" }),
            row(.POST, "api/v1/customers/import", [200, 200, 403, 403, 403, 403, 200, 400]) { w, _ in
                MatrixRequest("/api/v1/customers/import?dry_run=true", csv: "name\nDry Run \(w.next())\n")
            },
            row(.GET, "api/v1/imports/:id", [200, 200, 403, 403, 403, 403, 404, 400], path { "/api/v1/imports/\($0.importJob)" }),
            row(.GET, "api/v1/customers/:id", [200, 200, 200, 404, 200, 404, 404, 400], c1,
                check: { _, role, r in MatrixViews.customer(r.json, role.customerView) }),
            row(.PATCH, "api/v1/customers/:id", [200, 200, 403, 403, 200, 404, 404, 400], { w, _ in
                MatrixRequest("/api/v1/customers/\(try await w.fresh().id)", json: ["company": "Changed"])
            }, check: { w, role, r in
                guard role.customerView == .managed else { return [] }
                // Notes the guest user cannot see, it cannot overwrite either (issue 16, item 8): refused or ignored.
                let id = r.json["id"] as? String ?? ""
                try await w.app.send(.PATCH, "/api/v1/customers/\(id)", token: w.token(role), json: ["notes": "written by the guest"])
                return (r.json.keys.contains("notes") ? ["answers the internal notes"] : []) + (try await MatrixViews.notesKept(w, id))
            }),
            row(.DELETE, "api/v1/customers/:id", [204, 204, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/customers/\(try await w.fresh().id)")
            },
            row(.GET, "api/v1/customers/:id/timeline", [200, 200, 403, 403, 200, 404, 404, 400], path { "/api/v1/customers/\($0.c1)/timeline" }),
            row(.GET, "api/v1/customers/:id/orders", [200, 200, 403, 403, 200, 404, 404, 400], path { "/api/v1/customers/\($0.c1)/orders" },
                check: { w, _, r in MatrixViews.listed(r, id: w.c1Order, true, what: "C1's order") }),
            row(.GET, "api/v1/customers/:id/tasks", [200, 200, 200, 404, 200, 404, 404, 400], path { "/api/v1/customers/\($0.c1)/tasks" },
                check: { w, role, r in
                    var problems = MatrixViews.listed(r, id: w.c1Task, true, what: "C1's task")
                    if role == .agentWithTask, r.data.contains(where: { ($0["agent"] as? [String: Any])?["id"] as? String != w.agentWithTask.id }) {
                        problems.append("lists tasks of other agents")
                    }
                    return problems
                }),
            row(.GET, "api/v1/customers/:id/data-export", [200, 200, 403, 403, 403, 403, 404, 400],
                path { "/api/v1/customers/\($0.c1)/data-export" }),
            row(.POST, "api/v1/customers/:id/erase", [200, 403, 403, 403, 403, 403, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/customers/\(try await w.fresh().id)/erase", json: ["reason": "asked to be forgotten"])
            },

            // The address book: an agent reads the addresses of its customers, and changes none.
            row(.GET, "api/v1/customers/:id/addresses", [200, 200, 200, 404, 200, 404, 404, 400],
                path { "/api/v1/customers/\($0.c1)/addresses" },
                check: { w, _, r in MatrixViews.listed(r, id: w.c1Address, true, what: "C1's address") }),
            row(.POST, "api/v1/customers/:id/addresses", [201, 201, 403, 404, 201, 404, 404, 400]) { w, _ in
                MatrixRequest("/api/v1/customers/\(try await w.fresh().id)/addresses", json: ["label": "Work", "line1": "1 Office Road"])
            },
            row(.PATCH, "api/v1/customers/:id/addresses/:address_id", [200, 200, 403, 404, 200, 404, 404, 400]) { w, _ in
                let fresh = try await w.fresh(address: true)
                return MatrixRequest("/api/v1/customers/\(fresh.id)/addresses/\(fresh.addressID)", json: ["label": "Office"])
            },
            row(.DELETE, "api/v1/customers/:id/addresses/:address_id", [204, 204, 403, 404, 204, 404, 404, 400]) { w, _ in
                let fresh = try await w.fresh(address: true)
                return MatrixRequest("/api/v1/customers/\(fresh.id)/addresses/\(fresh.addressID)")
            },
        ] + deliveryRows() + notificationRows() + loyaltyRows() + courierRows() + accountRows() + segmentRows() + mergeRows()
    }
}
