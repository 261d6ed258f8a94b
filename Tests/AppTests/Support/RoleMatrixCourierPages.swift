@testable import App
import Foundation
import Testing
import Vapor

/// The courier's client and team pages in the dashboard half of the matrix. Columns as in `WebMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// As in the API: organization A is a courier and B is not, so B's admin gets 404 on every page; admins manage clients
/// and teams, dispatchers see them; agents and guest users get 403.
extension WebMatrix {
    static func courierPageRows() -> [WebMatrixRow] {
        let o = WebExpect.pickOrganization
        let see: [WebExpect] = [200, 200, 403, 403, 403, 403, 404, o]
        let manageForm: [WebExpect] = [200, 403, 403, 403, 403, 403, 404, o]
        let manage: [WebExpect] = [303, 403, 403, 403, 403, 403, 404, o]
        func flashes(_ prefix: String) -> WebMatrixRow.Check {
            { _, _, r in MatrixViews.flash(r).hasPrefix(prefix) ? [] : ["says “\(MatrixViews.flash(r))”, not “\(prefix)…”"] }
        }
        func shows(_ text: String) -> WebMatrixRow.Check {
            { _, _, r in r.body.contains(text) ? [] : ["does not show “\(text)”"] }
        }
        func client(_ suffix: String, form: [String: String] = [:]) -> (MatrixWorld, MatrixRole) async throws -> WebRequest {
            { w, _ in WebRequest(path: "/clients/\(try await APIMatrix.client(w))\(suffix)", form: form) }
        }
        func team(_ suffix: String, form: [String: String] = [:]) -> (MatrixWorld, MatrixRole) async throws -> WebRequest {
            { w, _ in WebRequest(path: "/teams/\(try await APIMatrix.team(w))\(suffix)", form: form) }
        }
        return [
            row(.GET, "clients", see, page { _ in "/clients" }, check: shows("Name or email")),
            row(.GET, "clients/new", manageForm, page { _ in "/clients/new" }, check: shows("Send the invitation now")),
            row(.POST, "clients", manage) { w, _ in
                WebRequest(path: "/clients", form: ["name": "Web Bakery", "email": "webbakery\(w.next())@example.com"])
            } check: { w, role, r in try await flashes("Client “Web Bakery” added")(w, role, r) },
            row(.GET, "clients/:id", see, client(""), check: shows("Timeline")),
            row(.POST, "clients/:id", manage) { w, _ in
                WebRequest(path: "/clients/\(try await APIMatrix.client(w))",
                           form: ["name": "Web Pharmacy", "email": "pharmacy\(w.next())@example.com", "auto_assign_team_id": ""])
            } check: { w, role, r in try await flashes("Client “Web Pharmacy” saved")(w, role, r) },
            row(.POST, "clients/:id/invite", manage, client("/invite"), check: flashes("Invitation sent to")),
            row(.GET, "clients/:id/delete", manageForm, client("/delete"), check: shows("Yes, delete the client")),
            row(.POST, "clients/:id/delete", manage, client("/delete"), check: flashes("Client “Client")),

            row(.GET, "teams", see, page { _ in "/teams" }, check: shows("Teams")),
            row(.POST, "teams", manage) { w, _ in
                WebRequest(path: "/teams", form: ["name": "Web team \(w.next())"])
            } check: { w, role, r in try await flashes("Team “Web team")(w, role, r) },
            row(.GET, "teams/:id", see, team(""), check: shows("Agents")),
            row(.POST, "teams/:id", manage) { w, _ in
                WebRequest(path: "/teams/\(try await APIMatrix.team(w))", form: ["name": "Renamed \(w.next())"])
            } check: { w, role, r in try await flashes("Team renamed to “Renamed")(w, role, r) },
            row(.POST, "teams/:id/members", manage) { w, _ in
                WebRequest(path: "/teams/\(try await APIMatrix.team(w))/members", form: ["member-\(w.agentWithTask.id)": "true"])
            } check: { w, role, r in try await flashes("Agents of “Team")(w, role, r) },
            row(.GET, "teams/:id/delete", manageForm, team("/delete"), check: shows("Yes, delete the team")),
            row(.POST, "teams/:id/delete", manage, team("/delete"), check: flashes("Team “Team")),
        ]
    }
}
