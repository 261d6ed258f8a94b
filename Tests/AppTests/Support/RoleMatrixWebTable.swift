@testable import App
import Foundation
import Testing
import Vapor

/// What a dashboard cell answers: a status (a 303 must carry no failure message), or the redirect that sends a
/// super admin outside any organization to pick one — the dashboard's form of the API's 400.
enum WebExpect: ExpressibleByIntegerLiteral, Equatable, CustomStringConvertible {
    case status(UInt)
    case pickOrganization

    init(integerLiteral value: UInt) { self = .status(value) }

    var description: String {
        switch self {
        case let .status(code): "\(code)"
        case .pickOrganization: "303 → /organizations"
        }
    }
}

/// A dashboard request of one cell; `browser` replaces the role's shared session (for sign-in, sign-out, switch).
struct WebRequest {
    var path: String
    var form: [String: String] = [:]
    var browser: WebBrowser?
    /// A CSV sent as the import page's multipart form (with `form` as its other fields).
    var upload: String?
}

struct WebMatrixRow {
    typealias Check = (MatrixWorld, MatrixRole, WebResponse) async throws -> [String]
    let method: HTTPMethod
    let route: String
    let expected: [WebExpect]
    let request: (MatrixWorld, MatrixRole) async throws -> WebRequest
    var check: Check?
}

/// The dashboard half of the matrix. Columns:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
enum WebMatrix {
    private static let o = WebExpect.pickOrganization

    static func row(_ method: HTTPMethod, _ route: String, _ expected: [WebExpect],
                    _ request: @escaping (MatrixWorld, MatrixRole) async throws -> WebRequest,
                    check: WebMatrixRow.Check? = nil) -> WebMatrixRow {
        WebMatrixRow(method: method, route: route, expected: expected, request: request, check: check)
    }

    static func page(_ make: @escaping (MatrixWorld) -> String) -> (MatrixWorld, MatrixRole) async throws -> WebRequest {
        { w, _ in WebRequest(path: make(w)) }
    }

    static func rows() -> [WebMatrixRow] {
        let everyone: [WebExpect] = [303, 303, 303, 303, 303, 303, 303, 303]
        let superOnly: [WebExpect] = [403, 403, 403, 403, 403, 403, 403, 303]
        let addressWrite: [WebExpect] = [303, 303, 403, 404, 303, 404, 404, o]
        func address(_ suffix: String) -> (MatrixWorld, MatrixRole) async throws -> WebRequest {
            { w, _ in
                let fresh = try await w.fresh(address: true)
                return WebRequest(path: "/customers/\(fresh.id)/addresses/\(fresh.addressID)\(suffix)",
                                  form: ["label": "Office", "line1": "2 Office Road"])
            }
        }
        return [
            row(.GET, "", everyone, page { _ in "/" }),
            row(.GET, "assets/dashboard.css", [200, 200, 200, 200, 200, 200, 200, 200], page { _ in "/assets/dashboard.css" }),
            row(.GET, "assets/dashboard.js", [200, 200, 200, 200, 200, 200, 200, 200], page { _ in "/assets/dashboard.js" }),
            row(.GET, "sign-in", everyone, page { _ in "/sign-in" }),
            row(.POST, "sign-in", everyone) { w, role in
                let browser = WebBrowser(w.app)
                try await browser.get("/sign-in")
                let (email, password) = w.credentials(role)
                return WebRequest(path: "/sign-in", form: ["email": email, "password": password], browser: browser)
            },
            row(.POST, "sign-out", everyone) { w, role in WebRequest(path: "/sign-out", browser: try await w.freshBrowser(role)) },

            // Customers.
            row(.GET, "customers", [200, 200, 200, 200, 200, 200, 200, o], page { _ in "/customers" }, check: { w, role, r in
                var problems = MatrixViews.customersPage(r.body, role.customerView)
                if role == .agentWithTask {
                    let probe = try await w.browser(role).get("/customers?q=\(MatrixWorld.emailProbe)")
                    if probe.body.contains(MatrixWorld.c1Name) { problems.append("finds C1 by a part of its email") }
                }
                return problems
            }),
            row(.GET, "customers/new", [200, 200, 403, 403, 200, 200, 200, o], page { _ in "/customers/new" }),
            row(.POST, "customers", [303, 303, 403, 403, 303, 303, 303, o]) { w, _ in
                WebRequest(path: "/customers", form: ["name": "Web Made \(w.next())"])
            },
            row(.GET, "customers/:id", [200, 200, 200, 404, 200, 404, 404, o], page { "/customers/\($0.c1)" }, check: { w, role, r in
                MatrixViews.customerPage(r.body, role.customerView, orderNumber: w.c1OrderNumber)
            }),
            row(.POST, "customers/:id", [303, 303, 403, 403, 303, 404, 404, o]) { w, _ in
                let n = w.next()
                return WebRequest(path: "/customers/\(try await w.fresh().id)",
                                  form: ["name": "Fresh \(n)", "email": "saved\(n)@example.com", "status": "active"])
            } check: { w, role, r in
                // The guest user's form has no notes field: saving it keeps the staff's notes (issue 16, item 8).
                // The notice names who was updated ("Customer “Fresh 12” updated."): the list shows no id.
                guard role.customerView == .managed else { return [] }
                guard let name = MatrixViews.flash(r).split(separator: "“").last?.split(separator: "”").first.map(String.init) else {
                    return ["no notice names the customer updated"]
                }
                let found = try await w.app.send(.GET, "/api/v1/customers?q=" + name.replacingOccurrences(of: " ", with: "%20"),
                                                 token: w.orgA.adminToken).data
                guard let id = found.first(where: { $0["name"] as? String == name })?["id"] as? String else {
                    return ["“\(name)” is not found"]
                }
                return try await MatrixViews.notesKept(w, id)
            },
            row(.POST, "customers/:id/delete", [303, 303, 403, 403, 403, 403, 404, o]) { w, _ in
                WebRequest(path: "/customers/\(try await w.fresh().id)/delete")
            },
            row(.POST, "customers/:id/addresses", addressWrite) { w, _ in
                WebRequest(path: "/customers/\(try await w.fresh().id)/addresses", form: ["label": "Work", "line1": "3 Work Road"])
            },
            row(.POST, "customers/:id/addresses/:address_id", addressWrite, address("")),
            row(.POST, "customers/:id/addresses/:address_id/default", addressWrite, address("/default")),
            row(.POST, "customers/:id/addresses/:address_id/delete", addressWrite, address("/delete")),

            // Orders and tasks.
            row(.GET, "orders", [200, 200, 403, 403, 200, 200, 200, o], page { _ in "/orders?per_page=100" }, check: { w, role, r in
                let shown = r.body.contains(w.c1OrderNumber)
                return shown == (role.customerView != .hidden) ? [] : [shown ? "lists C1's order" : "does not list C1's order"]
            }),
            row(.GET, "orders/:id", [200, 200, 403, 403, 200, 404, 404, o], page { "/orders/\($0.c1Order)" }),
            row(.POST, "orders/:id/tasks", [303, 303, 403, 403, 303, 404, 404, o]) { w, _ in
                let fresh = try await w.fresh(address: true, order: true)
                return WebRequest(path: "/orders/\(fresh.orderID)/tasks", form: ["type": "delivery", "address_id": fresh.addressID])
            },
            row(.GET, "tasks", [200, 200, 200, 200, 200, 200, 200, o], page { _ in "/tasks?per_page=100" }, check: { _, role, r in
                let shown = r.body.contains(MatrixWorld.c1Name)
                let allowed = ![.agentWithoutTask, .guestManagingNone, .otherOrgAdmin].contains(role)
                return shown == allowed ? [] : [shown ? "lists C1's task" : "does not list C1's task"]
            }),
            row(.POST, "tasks/:id/transitions", [303, 303, 303, 404, 403, 404, 404, o]) { w, _ in
                WebRequest(path: "/tasks/\(try await w.fresh(assigned: true).taskID)/transitions",
                           form: ["to": "accepted", "return_to": "/tasks"])
            },

            // Settings, users, statistics: the API's rules (admins manage; users page is for admins).
            row(.GET, "settings", [200, 403, 403, 403, 403, 403, 200, o], page { _ in "/settings" }),
            row(.POST, "settings", [303, 403, 403, 403, 403, 403, 303, o]) { w, role in
                let name = role == .otherOrgAdmin ? "Org bravo" : "Org alpha"
                // An unticked box turns its setting off: organization A stays a courier, B stays none.
                var form = ["name": name, "default_country": "US", "timezone": "UTC", "currency": "USD"]
                if role != .otherOrgAdmin { form["courier"] = "true" }
                return WebRequest(path: "/settings", form: form)
            },
            row(.GET, "users", [200, 403, 403, 403, 403, 403, 200, o], page { _ in "/users" }),
            row(.POST, "users", [303, 403, 403, 403, 403, 403, 303, o]) { w, _ in
                let n = w.next()
                return WebRequest(path: "/users", form: ["email": "webmade\(n)@matrix.test", "name": "Web Made \(n)",
                                                         "password": testPassword, "role": "agent"])
            },
            row(.POST, "users/:id", [303, 403, 403, 403, 403, 403, 404, o]) { w, _ in
                WebRequest(path: "/users/\(try await w.freshUser())", form: ["role": "dispatcher"])
            },
            row(.GET, "stats", [200, 200, 403, 403, 403, 403, 200, o], page { _ in "/stats" }),

            // Organizations: the super admin's own pages.
            row(.GET, "organizations", [403, 403, 403, 403, 403, 403, 403, 200], page { _ in "/organizations" }),
            row(.POST, "organizations", superOnly) { w, _ in
                let n = w.next()
                return WebRequest(path: "/organizations", form: ["name": "Web Org \(n)", "slug": "web-org-\(n)",
                                                                 "admin.email": "admin@web-org-\(n).test", "admin.name": "Admin",
                                                                 "admin.password": testPassword])
            },
            row(.POST, "organizations/leave", superOnly) { w, role in
                WebRequest(path: "/organizations/leave", browser: try await w.freshBrowser(role))
            },
            row(.POST, "organizations/:id/switch", superOnly) { w, role in
                WebRequest(path: "/organizations/\(w.orgA.id)/switch", browser: try await w.freshBrowser(role))
            },
        ] + notificationPageRows() + loyaltyPageRows() + courierPageRows() + portalPageRows() + accountPageRows()
            + accountStaffPageRows() + segmentPageRows() + cleanUpPageRows()
    }
}
