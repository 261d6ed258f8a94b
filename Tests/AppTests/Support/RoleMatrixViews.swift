@testable import App
import Foundation
import Testing
import Vapor

/// The field checks of the matrix: what each role's view of customer C1, its order and its task may contain,
/// in JSON and in the dashboard's HTML. Each returns the problems found (empty when the view is right).
enum MatrixViews {
    /// The keys of an agent's view of a customer: name, phone, address and notes (and the id to name it by).
    static let deliveryKeys: Set<String> = ["id", "name", "phone", "default_address", "notes"]

    /// One customer object as `view` allows it.
    static func customer(_ json: [String: Any], _ view: CustomerView) -> [String] {
        var problems: [String] = []
        func expect(_ condition: Bool, _ message: String) { if !condition { problems.append(message) } }
        switch view {
        case .full:
            expect(json["email"] as? String == MatrixWorld.c1Email, "shows no email")
            expect((json["tags"] as? [String])?.contains(MatrixWorld.c1Tag) == true, "shows no tags")
            expect(json["notes"] as? String == MatrixWorld.c1Notes, "shows no notes")
        case .managed:
            expect(json["email"] as? String == MatrixWorld.c1Email, "shows no email")
            expect(json.keys.contains("notes") == false, "shows the internal notes (key `notes` present)")
        case .delivery:
            let extra = Set(json.keys).subtracting(deliveryKeys).sorted()
            expect(extra.isEmpty, "shows more than name, phone, address and notes: \(extra)")
            expect(json["name"] as? String == MatrixWorld.c1Name, "shows no name")
            expect(json["notes"] as? String == MatrixWorld.c1Notes, "shows no notes")
        case .hidden:
            problems.append("shows the customer at all")
        }
        return problems
    }

    /// A list of customers: C1 in it as `view` allows, or absent when hidden.
    static func customerList(_ data: [[String: Any]], c1: String, _ view: CustomerView) -> [String] {
        let found = data.first { $0["id"] as? String == c1 }
        switch (view, found) {
        case (.hidden, nil): return []
        case (.hidden, .some): return ["lists customer C1"]
        case (_, nil): return ["does not list customer C1"]
        case let (_, .some(item)): return customer(item, view).map { "C1 in the list \($0)" }
        }
    }

    /// A list of records (orders, tasks, users, organizations) that must or must not contain an id.
    static func listed(_ response: APIResponse, id: String, _ shouldList: Bool, what: String) -> [String] {
        let ids = response.data.compactMap { $0["id"] as? String }
        if ids.contains(id) == shouldList { return [] }
        return [shouldList ? "does not list \(what)" : "lists \(what)"]
    }

    /// The dashboard's customers list as `view` allows it; for an agent also the columns it must not have.
    static func customersPage(_ html: String, _ view: CustomerView) -> [String] {
        var problems: [String] = []
        let shown = html.contains(MatrixWorld.c1Name)
        if view == .hidden {
            if shown { problems.append("lists customer C1") }
            return problems
        }
        if !shown { problems.append("does not list customer C1") }
        if view == .delivery {
            problems += forbidden(html, [MatrixWorld.c1Email, MatrixWorld.c1Tag])
            let columns = [("Email", ">Email</th>"), ("Tags", ">Tags</th>"), ("Orders", ">Orders</th>"), ("Last order", ">Last order")]
            problems += columns.filter { html.contains($0.1) }.map { "shows the “\($0.0)” column" }
        }
        return problems
    }

    /// The dashboard's page of customer C1 as `view` allows it.
    static func customerPage(_ html: String, _ view: CustomerView, orderNumber: String) -> [String] {
        var problems: [String] = []
        if !html.contains(MatrixWorld.c1Name) { problems.append("does not show C1's name") }
        switch view {
        case .full:
            if !html.contains(MatrixWorld.c1Email) { problems.append("does not show the email") }
            if !html.contains(MatrixWorld.c1Notes) { problems.append("does not show the notes") }
            if !html.contains(orderNumber) { problems.append("does not show the order history") }
        case .managed:
            if !html.contains(MatrixWorld.c1Email) { problems.append("does not show the email") }
            problems += forbidden(html, [MatrixWorld.c1Notes])
        case .delivery:
            if !html.contains(MatrixWorld.c1Notes) { problems.append("does not show the notes") }
            if !html.contains(MatrixWorld.c1Street) { problems.append("does not show the address") }
            problems += forbidden(html, [MatrixWorld.c1Email, MatrixWorld.c1Tag, MatrixWorld.c1OrderAmount])
            if html.contains(orderNumber) || html.contains("Order history") { problems.append("shows the order history") }
        case .hidden:
            problems.append("shows the customer at all")
        }
        return problems
    }

    /// What no answer to this role may contain anywhere, on any route: a guest user never sees C1's notes, the
    /// agent never its email, tags or order amount, and the callers who may not see C1 nothing of it at all.
    static func leaks(_ text: String, to role: MatrixRole) -> [String] {
        let secrets: [String] = switch role.customerView {
        case .full: []
        case .managed: [MatrixWorld.c1Notes]
        case .delivery: [MatrixWorld.c1Email, MatrixWorld.c1Tag, MatrixWorld.c1OrderAmount]
        case .hidden: role == .superAdmin ? [] : [MatrixWorld.c1Name, MatrixWorld.c1Email, MatrixWorld.c1Notes]
        }
        return secrets.filter { text.contains($0) }.map { "leaks “\($0)”" }
    }

    /// A fresh customer's staff notes, unchanged after a guest user's write.
    static func notesKept(_ w: MatrixWorld, _ id: String) async throws -> [String] {
        let notes = try await w.app.customer(w.orgA.adminToken, id)["notes"] as? String
        return notes?.hasPrefix("fresh note") == true ? [] : ["the guest user's write changed the notes it cannot see to \(notes ?? "null")"]
    }

    /// Texts that must not appear in a page, named when they do.
    static func forbidden(_ html: String, _ texts: [String]) -> [String] {
        texts.filter { html.contains($0) }.map { "leaks “\($0)”" }
    }

    /// The one-time message a dashboard redirect carries, decoded.
    static func flash(_ response: WebResponse) -> String {
        for header in response.setCookies where header.hasPrefix(DashboardCookies.flash + "=") {
            let value = header.dropFirst(DashboardCookies.flash.count + 1).prefix { $0 != ";" }
            return String(value).removingPercentEncoding ?? String(value)
        }
        return ""
    }
}
