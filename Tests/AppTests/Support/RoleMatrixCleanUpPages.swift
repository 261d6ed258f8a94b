@testable import App
import Foundation
import Testing
import Vapor

/// Issue 22's dashboard pages in the dashboard half of the matrix: possible duplicates, merge (choose, preview, merge,
/// undo), a customer's data download and erasure, the import page, and the new-order form. Columns as in `WebMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// As in the API: admins and dispatchers see duplicates, merge, import and download a person's data; only admins erase;
/// whoever changes customers places orders; another organization's record is 404.
extension WebMatrix {
    static func cleanUpPageRows() -> [WebMatrixRow] {
        let o = WebExpect.pickOrganization
        let staff: [WebExpect] = [200, 200, 403, 403, 403, 403, 200, o]
        let staffOfA: [WebExpect] = [200, 200, 403, 403, 403, 403, 404, o]
        let changeOfA: [WebExpect] = [303, 303, 403, 403, 403, 403, 404, o]
        func flashes(_ prefix: String) -> WebMatrixRow.Check {
            { _, _, r in MatrixViews.flash(r).hasPrefix(prefix) ? [] : ["says “\(MatrixViews.flash(r))”, not “\(prefix)…”"] }
        }
        return [
            row(.GET, "duplicates", staff, page { _ in "/duplicates" }) { _, _, r in
                r.body.contains("<h1>Possible duplicates</h1>") ? [] : ["is not the duplicates page"]
            },
            row(.GET, "merges", staff, page { _ in "/merges" }),
            row(.GET, "merges/new", staffOfA) { w, _ in
                WebRequest(path: "/merges/new?keep=\(try await w.fresh().id)&other=\(try await w.fresh().id)")
            } check: { _, _, r in r.body.contains("Which value to keep") || r.body.contains("the same values") ? [] : ["is not the merge form"] },
            row(.POST, "merges", changeOfA) { w, _ in
                WebRequest(path: "/merges", form: ["into": try await w.fresh().id, "from": try await w.fresh().id, "action": "merge"])
            } check: { w, role, r in try await flashes("“Fresh")(w, role, r) },
            row(.POST, "merges/:id/undo", changeOfA) { w, _ in
                WebRequest(path: "/merges/\(try await APIMatrix.merge(w))/undo", form: ["return_to": "/merges"])
            } check: { w, role, r in try await flashes("Merge undone")(w, role, r) },
            row(.GET, "customers/:id/data-export", staffOfA, page { "/customers/\($0.c1)/data-export" }) { _, _, r in
                r.body.contains(MatrixWorld.c1Name) ? [] : ["does not hold C1's data"]
            },
            row(.GET, "customers/:id/erase", [200, 403, 403, 403, 403, 403, 404, o]) { w, _ in
                WebRequest(path: "/customers/\(try await w.fresh().id)/erase")
            },
            row(.POST, "customers/:id/erase", [303, 403, 403, 403, 403, 403, 404, o]) { w, _ in
                let id = try await w.fresh().id
                let name = try await w.app.customer(w.orgA.adminToken, id)["name"] as? String ?? ""
                return WebRequest(path: "/customers/\(id)/erase", form: ["reason": "asked by email", "confirm": name])
            } check: { w, role, r in try await flashes("The record of")(w, role, r) },
            row(.GET, "imports", staff, page { _ in "/imports" }),
            row(.POST, "imports", [200, 200, 403, 403, 403, 403, 200, o]) { w, _ in
                WebRequest(path: "/imports", form: ["dry_run": "true"], upload: "name,email\nImport Matrix \(w.next()),im@example.com\n")
            } check: { _, _, r in r.body.contains("nothing written yet") ? [] : ["is not the dry-run report"] },
            row(.GET, "imports/:id", [200, 200, 403, 403, 403, 403, 404, o], page { "/imports/\($0.importJob)" }),
            row(.GET, "orders/new", [200, 200, 403, 403, 200, 200, 200, o], page { _ in "/orders/new?customer_q=Cora" }) { w, role, r in
                let shown = r.body.contains(MatrixWorld.c1Name)
                return shown == (role.customerView != .hidden) ? [] : [shown ? "offers C1" : "does not offer C1"]
            },
            row(.POST, "orders", [303, 303, 403, 403, 303, 422, 422, o]) { w, _ in
                WebRequest(path: "/orders", form: ["customer_mode": "existing", "customer_id": try await w.fresh().id, "amount": "12.50"])
            } check: { w, role, r in try await flashes("Order ")(w, role, r) },
        ]
    }
}
