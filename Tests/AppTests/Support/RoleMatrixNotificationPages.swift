@testable import App
import Foundation
import Testing
import Vapor

/// The notification pages in the dashboard half of the matrix. Columns as in `WebMatrix`:
/// admin, dispatcher, agent with task, agent without, guest managing C1, guest managing none, org B admin, super admin.
/// As in the API: admins and dispatchers see, retry, preview and send; admins change the matrix and templates.
extension WebMatrix {
    static func notificationPageRows() -> [WebMatrixRow] {
        let o = WebExpect.pickOrganization
        let staff: [WebExpect] = [200, 200, 403, 403, 403, 403, 200, o]
        let orgAOnly: [WebExpect] = [200, 200, 403, 403, 403, 403, 404, o]
        let adminsChange: [WebExpect] = [303, 403, 403, 403, 403, 403, 303, o]
        let template = "/settings/templates/task_completed/sms"
        func flashes(_ prefix: String) -> WebMatrixRow.Check {
            { _, _, r in MatrixViews.flash(r).hasPrefix(prefix) ? [] : ["says “\(MatrixViews.flash(r))”, not “\(prefix)…”"] }
        }
        return [
            row(.GET, "notifications", staff, page { "/notifications?customer_id=\($0.c1)" }, check: { _, role, r in
                role.customerView == .full && !r.body.contains(MatrixWorld.c1Name) ? ["does not list C1's notifications"] : []
            }),
            row(.GET, "notifications/:id", orgAOnly) { w, _ in
                WebRequest(path: "/notifications/\(try await APIMatrix.freshNotification(w))")
            } check: { _, _, r in
                r.body.contains("What was sent") ? [] : ["does not show what was sent"]
            },
            row(.POST, "notifications/:id/retry", [303, 303, 403, 403, 403, 403, 404, o]) { w, _ in
                WebRequest(path: "/notifications/\(try await APIMatrix.freshNotification(w, failed: true))/retry",
                           form: ["return_to": "/notifications?status=failed"])
            } check: { w, role, r in
                try await flashes("Queued again")(w, role, r) + (r.location == "/notifications?status=failed" ? [] : ["goes back elsewhere"])
            },
            row(.GET, "settings/templates", staff, page { _ in "/settings/templates" }),
            row(.GET, "settings/templates/:event/:channel", staff, page { _ in template }),
            row(.POST, "settings/templates/:event/:channel", adminsChange) { _, _ in
                WebRequest(path: template, form: ["body": "Delivered: {{order.number}}"])
            } check: { w, role, r in try await flashes("Template saved")(w, role, r) },
            row(.POST, "settings/templates/:event/:channel/preview", staff) { _, _ in
                WebRequest(path: template + "/preview", form: ["body": "Hi {{customer.name}}"])
            } check: { _, _, r in
                r.body.contains("Hi Ada Lovelace") ? [] : ["does not show the preview"]
            },
            row(.POST, "settings/templates/:event/:channel/reset", adminsChange, page { _ in template + "/reset" },
                check: { w, role, r in try await flashes("The default wording")(w, role, r) }),
            row(.POST, "settings/notifications", adminsChange) { _, _ in
                var form: [String: String] = [:]
                for event in NotificationEvent.taskEvents {
                    for channel in NotificationMatrix.defaults.channels(for: event) {
                        form[NotificationMatrixForm.fieldName(event, channel)] = "true"
                    }
                }
                return WebRequest(path: "/settings/notifications", form: form)
            } check: { w, role, r in try await flashes("Notification settings saved")(w, role, r) },
            row(.POST, "customers/:id/messages", [303, 303, 403, 403, 403, 403, 404, o]) { w, _ in
                WebRequest(path: "/customers/\(try await w.fresh().id)/messages", form: ["channel": "email", "body": "News"])
            } check: { w, role, r in try await flashes("Message to")(w, role, r) },
        ]
    }
}
