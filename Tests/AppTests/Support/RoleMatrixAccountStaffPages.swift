@testable import App
import Foundation
import Testing
import Vapor

/// The staff dashboard's side of customer accounts in the dashboard half of the matrix. Columns as in `WebMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// As in the API: a linked record's overrides and link follow the customer write rules (agents are refused, a guest user
/// acts on the customers it manages); the erasure requests are the admins'.
extension WebMatrix {
    static func accountStaffPageRows() -> [WebMatrixRow] {
        let o = WebExpect.pickOrganization
        let write: [WebExpect] = [303, 303, 403, 403, 303, 404, 404, o]
        let writePage: [WebExpect] = [200, 200, 403, 403, 200, 404, 404, o]
        let admins: [WebExpect] = [303, 403, 403, 403, 403, 403, 404, o]
        func flashes(_ prefix: String) -> WebMatrixRow.Check {
            { _, _, r in MatrixViews.flash(r).hasPrefix(prefix) ? [] : ["says “\(MatrixViews.flash(r))”, not “\(prefix)…”"] }
        }
        func shows(_ text: String) -> WebMatrixRow.Check {
            { _, _, r in r.body.contains(text) ? [] : ["does not show “\(text)”"] }
        }
        return [
            row(.POST, "customers/:id/overrides/:field/delete", write) { w, role in
                try await w.openDashboardPage(role)
                let id = try await APIMatrix.linkedFresh(w).customerID
                let renamed = try await w.app.send(.PATCH, "/api/v1/customers/\(id)", token: w.orgA.adminToken, json: ["name": "Staff \(w.next())"])
                #expect(renamed["overridden_fields"] as? [String] == ["name"], "\(renamed.text)")
                return WebRequest(path: "/customers/\(id)/overrides/name/delete")
            } check: { w, role, r in try await flashes("Name follows the customer account again")(w, role, r) },
            row(.GET, "customers/:id/unlink", writePage) { w, _ in
                WebRequest(path: "/customers/\(try await APIMatrix.linkedFresh(w).customerID)/unlink")
            } check: { w, role, r in try await shows("Yes, unlink the record")(w, role, r) },
            row(.POST, "customers/:id/unlink", write) { w, role in
                try await w.openDashboardPage(role)
                return WebRequest(path: "/customers/\(try await APIMatrix.linkedFresh(w).customerID)/unlink")
            } check: { w, role, r in
                let id = String(r.location?.split(separator: "/").last ?? "")
                let record = try await w.app.send(.GET, "/api/v1/customers/\(id)", token: w.orgA.adminToken)
                return try await flashes("“Fresh ")(w, role, r) + (record["account"] is NSNull ? [] : ["leaves the record linked"])
            },

            row(.GET, "erasure-requests", [200, 403, 403, 403, 403, 403, 200, o], page { _ in "/erasure-requests" },
                check: shows("<h2 id=\"open-title\">Open (")),
            row(.GET, "erasure-requests/:id/erase", [200, 403, 403, 403, 403, 403, 404, o]) { w, _ in
                WebRequest(path: "/erasure-requests/\(try await w.openErasureRequest().id)/erase")
            } check: { w, role, r in try await shows("Erase the record of “Fresh ")(w, role, r) },
            row(.POST, "erasure-requests/:id/erase", admins) { w, role in
                try await w.openDashboardPage(role)
                let request = try await w.openErasureRequest()
                return WebRequest(path: "/erasure-requests/\(request.id)/erase", form: ["confirm": request.name])
            } check: { w, role, r in try await flashes("The customer's record was erased")(w, role, r) },
            row(.POST, "erasure-requests/:id/dismiss", admins) { w, role in
                try await w.openDashboardPage(role)
                return WebRequest(path: "/erasure-requests/\(try await w.openErasureRequest().id)/dismiss", form: ["reason": "A legal hold"])
            } check: { w, role, r in try await flashes("Request dismissed")(w, role, r) },
        ]
    }
}

extension MatrixWorld {
    /// Opens a dashboard page (its layout carries the session's CSRF token) in the role's shared browser, so that the next
    /// form posts the dashboard's token: the rows before may have left a portal page's token there.
    func openDashboardPage(_ role: MatrixRole) async throws {
        try await browser(role).get("/organizations")
    }

    /// An open erasure request of organization A (see `APIMatrix.erasureRequest`): its id, and the customer's name that
    /// the erase form asks to type.
    func openErasureRequest() async throws -> (id: String, name: String) {
        let id = try await APIMatrix.erasureRequest(self)
        let open = try await app.send(.GET, "/api/v1/erasure-requests?status=open&per_page=100", token: orgA.adminToken)
        let name = open.data.first { $0["id"] as? String == id }?["customer_name"] as? String
        return (id, try #require(name, "\(open.text)"))
    }
}
