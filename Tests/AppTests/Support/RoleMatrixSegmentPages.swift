@testable import App
import Foundation
import Testing
import Vapor

/// The segments pages and the dashboard's export downloads in the dashboard half of the matrix. Columns as in
/// `WebMatrix`: admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B
/// admin, super admin. As in the API: admins and dispatchers save and use segments and export; another
/// organization's segment is 404.
extension WebMatrix {
    static func segmentPageRows() -> [WebMatrixRow] {
        let o = WebExpect.pickOrganization
        let staff: [WebExpect] = [200, 200, 403, 403, 403, 403, 200, o]
        let staffChangeOrgA: [WebExpect] = [303, 303, 403, 403, 403, 403, 404, o]
        func flashes(_ prefix: String) -> WebMatrixRow.Check {
            { _, _, r in MatrixViews.flash(r).hasPrefix(prefix) ? [] : ["says “\(MatrixViews.flash(r))”, not “\(prefix)…”"] }
        }
        return [
            row(.GET, "segments", staff, page { _ in "/segments" }) { _, _, r in
                r.body.contains("A segment is a saved filter") ? [] : ["is not the segments page"]
            },
            row(.POST, "segments", [303, 303, 403, 403, 403, 403, 303, o]) { w, _ in
                WebRequest(path: "/segments", form: ["name": "Matrix \(w.next())", "status": "active"])
            } check: { w, role, r in try await flashes("Segment “Matrix")(w, role, r) },
            row(.POST, "segments/:id", staffChangeOrgA) { w, _ in
                WebRequest(path: "/segments/\(try await APIMatrix.segment(w))", form: ["name": "Renamed \(w.next())"])
            } check: { w, role, r in try await flashes("Segment renamed")(w, role, r) },
            row(.POST, "segments/:id/delete", staffChangeOrgA) { w, _ in
                WebRequest(path: "/segments/\(try await APIMatrix.segment(w))/delete")
            } check: { w, role, r in try await flashes("Segment “")(w, role, r) },
            row(.GET, "customers/export.csv", staff, page { _ in "/customers/export.csv?status=active" }) { _, _, r in
                r.body.hasPrefix("name,") || r.body.hasPrefix("\u{FEFF}name,") || r.body.lowercased().hasPrefix("name")
                    ? [] : ["is not a CSV"]
            },
            row(.GET, "customers/export.xlsx", staff, page { _ in "/customers/export.xlsx" }),
        ]
    }
}
