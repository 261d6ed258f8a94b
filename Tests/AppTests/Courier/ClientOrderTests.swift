@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// Orders a client sends through its portal (SPEC "Courier clients"): a job with its linked pickup and delivery, the
/// recipient through intake, each client seeing only its own, and the link between pickup and delivery kept.
@Suite struct ClientOrderTests {
    @Test func anOrderMakesAJobWithLinkedPickupAndDeliveryAndTheRecipientThroughIntake() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let bakery = try await world.activeClient("Bakery", email: "bakery@example.com")
            let placed = try await world.order(bakery.token, extra: [
                "notes": "Ring twice", "reference": "TICKET-9",
                "dropoff_window": ["start": "2026-12-24T10:00:00Z", "end": "2026-12-24T12:00:00Z"],
            ])
            #expect(placed.status == .created, "\(placed.text)")
            let tasks = try #require(placed["tasks"] as? [[String: Any]])
            #expect(tasks.map { $0["type"] as? String } == ["job", "pickup", "delivery"])
            let jobID = try #require(tasks[0]["id"] as? String)
            #expect(tasks[1]["parent_id"] as? String == jobID && tasks[2]["parent_id"] as? String == jobID)
            #expect(tasks.allSatisfy { $0["status"] as? String == "awaiting_assignment" })
            #expect(placed["reference"] as? String == "TICKET-9")
            #expect((placed["tracking_url"] as? String)?.hasPrefix("https://crm.example.test/track/") == true)
            #expect(placed["number"] is String)

            // The courier's staff see the order, its three tasks unassigned, and the recipient as a customer.
            let orderID = try #require(placed["id"] as? String)
            let order = try await app.send(.GET, "/api/v1/orders/\(orderID)", token: world.dispatcher.token)
            #expect(order["platform"] as? String == "client_portal" && order["client_id"] as? String == bakery.id)
            let staffTasks = try await app.send(.GET, "/api/v1/tasks?client_id=\(bakery.id)", token: world.dispatcher.token)
            #expect(staffTasks.data.count == 3)
            #expect(staffTasks.data.allSatisfy { $0["agent"] is NSNull && $0["team"] is NSNull })
            let customers = try await app.send(.GET, "/api/v1/customers?q=Rita", token: world.admin)
            #expect(customers.data.count == 1)
            let customerID = try #require(customers.data.first?["id"] as? String)
            #expect(customers.data.first?["phone"] as? String == "+12025550199")
            let history = try await app.send(.GET, "/api/v1/customers/\(customerID)/tasks", token: world.admin)
            #expect(history.data.contains { $0["type"] as? String == "delivery" })
            #expect(try await app.send(.GET, "/api/v1/customers/\(customerID)/orders", token: world.admin).data.count == 1)

            // The same phone again: the same customer (matched), with two orders now.
            let second = try await world.order(bakery.token, recipient: ["name": "R. Recipient", "phone": "(202) 555-0199"])
            #expect(second.status == .created, "\(second.text)")
            #expect(try await app.send(.GET, "/api/v1/customers?q=Recipient", token: world.admin).data.count == 1)
            let customer = try await app.send(.GET, "/api/v1/customers/\(customerID)", token: world.admin)
            #expect(customer["total_orders"] as? Int == 2, "\(customer.text)")

            // The recipient is told about the delivery (the default matrix: in-app and email); the pickup tells nobody.
            let notifications = try await app.send(.GET, "/api/v1/notifications?customer_id=\(customerID)", token: world.admin)
            #expect(Set(notifications.data.compactMap { $0["task_id"] as? String }) == Set(try [placed, second].map {
                try #require(($0["tasks"] as? [[String: Any]])?[2]["id"] as? String)
            }))
        }
    }

    @Test func theClientsAutoAssignTeamGetsItsTasks() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let team = try await app.send(.POST, "/api/v1/teams", token: world.admin, json: ["name": "Downtown"])
            let teamID = try #require(team["id"] as? String)
            let pharmacy = try await world.activeClient("Pharmacy", email: "rx@example.com", settings: ["auto_assign_team_id": teamID])
            let placed = try await world.order(pharmacy.token)
            #expect(placed.status == .created, "\(placed.text)")
            let tasks = try await app.send(.GET, "/api/v1/tasks?team_id=\(teamID)", token: world.dispatcher.token)
            #expect(tasks.data.count == 3)
            #expect(tasks.data.allSatisfy { ($0["team"] as? [String: Any])?["name"] as? String == "Downtown" && $0["agent"] is NSNull })
            #expect(tasks.data.allSatisfy { $0["status"] as? String == "awaiting_assignment" })
        }
    }

    @Test func badOrdersAre422NamingTheFieldAndWriteNothing() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let client = try await world.activeClient("Florist", email: "flowers@example.com")
            let bad = try await app.send(.POST, "/api/v1/client/orders", token: client.token, json: [
                "pickup": ["address_id": UUID().uuidString], "recipient": ["name": "", "phone": "12"],
                "dropoff_window": ["start": "2026-12-24T12:00:00Z", "end": "2026-12-24T10:00:00Z"], "notes": String(repeating: "n", count: 2_001),
            ])
            bad.expectProblem(.unprocessableEntity)
            for field in ["pickup.address_id", "dropoff", "recipient.name", "recipient.phone", "dropoff_window.end", "notes"] {
                #expect(bad.fieldErrors.contains(field), "\(field): \(bad.fieldErrors)")
            }
            let noContact = try await world.order(client.token, recipient: ["name": "Nobody"])
            noContact.expectProblem(.unprocessableEntity, field: "recipient.phone")
            try await app.send(.POST, "/api/v1/client/orders", token: client.token, json: "[1").expectProblem(.badRequest)
            #expect(try await app.send(.GET, "/api/v1/orders", token: world.admin)["total"] as? Int == 0)
            #expect(try await app.send(.GET, "/api/v1/tasks", token: world.admin)["total"] as? Int == 0)
        }
    }

    @Test func eachClientSeesOnlyItsOwnAndNoStaffRoute() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let a = try await world.activeClient("A Bakery", email: "a@example.com")
            let b = try await world.activeClient("B Pharmacy", email: "b@example.com")
            let aOrder = try await world.order(a.token)
            let bOrder = try await world.order(b.token, recipient: ["name": "Bob", "email": "bob@example.com"])
            let aID = try #require(aOrder["id"] as? String)
            let aTask = try #require((aOrder["tasks"] as? [[String: Any]])?[2]["id"] as? String)
            #expect(try await app.send(.GET, "/api/v1/client/orders", token: a.token).data.map { $0["id"] as? String } == [aID])
            #expect(try await app.send(.GET, "/api/v1/client/tasks", token: a.token).data.count == 3)
            #expect(try await app.send(.GET, "/api/v1/client/tasks?type=delivery", token: a.token).data.count == 1)
            try await app.send(.GET, "/api/v1/client/orders/\(aID)", token: b.token).expectProblem(.notFound)
            try await app.send(.GET, "/api/v1/client/tasks/\(aTask)", token: b.token).expectProblem(.notFound)
            #expect(try await app.send(.GET, "/api/v1/client/orders/\(aID)", token: a.token).status == .ok)
            #expect(bOrder.status == .created)
            // The client's task view shows nothing internal.
            let view = try await app.send(.GET, "/api/v1/client/tasks/\(aTask)", token: a.token)
            for key in ["customer_id", "team", "agent", "contact"] { #expect(view[key] == nil, "shows \(key)") }

            // Staff routes refuse a client token (403), the portal refuses staff tokens (403).
            for path in ["/api/v1/customers", "/api/v1/tasks", "/api/v1/orders", "/api/v1/clients", "/api/v1/teams", "/api/v1/users",
                         "/api/v1/notifications", "/api/v1/customers/stats"] {
                try await app.send(.GET, path, token: a.token).expectProblem(.forbidden)
            }
            try await app.send(.POST, "/api/v1/customers", token: a.token, json: ["name": "X"]).expectProblem(.forbidden)
            try await app.send(.GET, "/api/v1/client/orders", token: world.admin).expectProblem(.forbidden)
            let me = try await app.send(.GET, "/api/v1/me", token: a.token)
            #expect(me["role"] as? String == "client")
            // Client users are not staff: /users neither lists nor changes them.
            let userID = try #require(me["id"] as? String)
            let users = try await app.send(.GET, "/api/v1/users?per_page=100", token: world.admin)
            #expect(!users.data.contains { $0["id"] as? String == userID })
            try await app.send(.PATCH, "/api/v1/users/\(userID)", token: world.admin, json: ["role": "admin"]).expectProblem(.notFound)
            try await app.send(.DELETE, "/api/v1/users/\(userID)", token: world.admin).expectProblem(.notFound)
            try await app.send(.GET, "/api/v1/users/\(userID)", token: world.admin).expectProblem(.notFound)
            // Its settings: the look and events it chooses; the team is the courier's choice.
            let look = try await app.send(.PATCH, "/api/v1/client/settings", token: a.token,
                                          json: ["brand_color": "#123abc", "message": "Thanks for ordering!", "client_email_events": ["task_completed"]])
            #expect(look.status == .ok, "\(look.text)")
            #expect(look["brand_color"] as? String == "#123abc")
            try await app.send(.PATCH, "/api/v1/client/settings", token: a.token, json: ["brand_color": "blue"])
                .expectProblem(.unprocessableEntity, field: "settings.brand_color")
            try await app.send(.PATCH, "/api/v1/client/settings", token: a.token, json: ["auto_assign_team_id": UUID().uuidString])
                .expectProblem(.unprocessableEntity, field: "settings.auto_assign_team_id")
            try await app.send(.PATCH, "/api/v1/client/settings", token: a.token, json: ["logo_url": "javascript:alert(1)"])
                .expectProblem(.unprocessableEntity, field: "settings.logo_url")
        }
    }

    @Test func aDeliveryCompletesOnlyAfterItsPickupAndTheJobFollowsItsTasks() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let client = try await world.activeClient("Deli", email: "deli@example.com", settings: ["client_email_events": ["task_completed"]])
            let placed = try await world.order(client.token, recipient: ["name": "Carla Rossi", "phone": "+12025550111", "email": "carla@example.com"])
            let tasks = try #require(placed["tasks"] as? [[String: Any]])
            let (job, pickup, delivery) = (tasks[0]["id"] as! String, tasks[1]["id"] as! String, tasks[2]["id"] as! String)
            // Assigning the pickup gives the unassigned delivery to the same agent.
            #expect(try await world.move(pickup, "assigned", agent: world.agent.id).status == .ok)
            let paired = try await app.send(.GET, "/api/v1/tasks/\(delivery)", token: world.admin)
            #expect(paired["status"] as? String == "assigned" && (paired["agent"] as? [String: Any])?["id"] as? String == world.agent.id)
            for task in [pickup, delivery] {
                for step in ["accepted", "in_transit"] {
                    let moved = try await world.move(task, step, token: world.agent.token)
                    #expect(moved.status == .ok, "\(step): \(moved.text)")
                }
            }
            let early = try await world.move(delivery, "completed", token: world.agent.token)
            early.expectProblem(.conflict, field: "to")
            #expect(try await world.move(pickup, "completed", token: world.agent.token).status == .ok)
            #expect(try await app.send(.GET, "/api/v1/tasks/\(job)", token: world.admin)["status"] as? String == "awaiting_assignment")
            #expect(try await world.move(delivery, "completed", token: world.agent.token).status == .ok)
            let finished = try await app.send(.GET, "/api/v1/tasks/\(job)", token: world.admin)
            #expect(finished["status"] as? String == "completed")
            let moves = try await app.send(.GET, "/api/v1/tasks/\(job)/transitions", token: world.admin)
            #expect(moves.data.last?["reason"] as? String == "all its tasks have ended")
            // The client sees it live, and was emailed about both completions.
            let seen = try await app.send(.GET, "/api/v1/client/orders/\(placed["id"] as! String)", token: client.token)
            #expect(seen["delivery_status"] as? String == "completed")
            let clientMails = try await SQLRows.all("SELECT recipient, subject FROM notifications WHERE kind = 'client'", on: try app.db.sql)
            #expect(clientMails.count == 2)
            #expect(try clientMails.allSatisfy { try $0.decode(column: "recipient", as: String.self) == "deli@example.com" })

            // Assigning a job gives its tasks to the same agent; cancelling it cancels its open tasks, and tells the recipient.
            let other = try await world.order(client.token)
            let otherTasks = try #require(other["tasks"] as? [[String: Any]])
            #expect(try await world.move(otherTasks[0]["id"] as! String, "assigned", agent: world.agent.id).status == .ok)
            for task in otherTasks.dropFirst() {
                let shown = try await app.send(.GET, "/api/v1/tasks/\(task["id"] as! String)", token: world.admin)
                #expect(shown["status"] as? String == "assigned" && (shown["agent"] as? [String: Any])?["id"] as? String == world.agent.id)
            }
            let cancelled = try await world.move(otherTasks[0]["id"] as! String, "cancelled")
            #expect(cancelled.status == .ok, "\(cancelled.text)")
            for task in otherTasks.dropFirst() {
                #expect(try await app.send(.GET, "/api/v1/tasks/\(task["id"] as! String)", token: world.admin)["status"] as? String == "cancelled")
            }
            let told = try await app.send(.GET, "/api/v1/notifications?event=task_cancelled&task_id=\(otherTasks[2]["id"] as! String)",
                                          token: world.admin)
            #expect(!told.data.isEmpty)
        }
    }

    @Test func theTrackingPageWearsTheClientsLookAndShowsNothingPrivate() async throws {
        try await withTestApp(adjust: { $0.outboxForTests() }) { app in
            let world = try await CourierWorld.make(app)
            let client = try await world.activeClient("Sunrise Bakery", email: "sun@example.com", settings: [
                "brand_color": "#ff6600", "logo_url": "https://cdn.example.com/logo.png", "message": "Fresh <bread> daily",
            ])
            let placed = try await world.order(client.token, recipient: ["name": "Carla Rossi", "phone": "+12025550111", "email": "carla@example.com"],
                                               extra: ["notes": "door code 4242"])
            let url = try #require(placed["tracking_url"] as? String)
            let path = String(url.dropFirst("https://crm.example.test".count))
            let page = try await app.send(.GET, path)
            #expect(page.status == .ok)
            for shown in ["Sunrise Bakery", "For Carla", "Shelbyville", "background:#ff6600", "https://cdn.example.com/logo.png",
                          "Fresh &lt;bread&gt; daily", "Received"] {
                #expect(page.text.contains(shown), "does not show \(shown)")
            }
            for hidden in ["Rossi", "5550111", "carla@example.com", "4242", "22 Elm"] {
                #expect(!page.text.contains(hidden), "shows \(hidden)")
            }
            #expect(page.headers.first(name: .setCookie) == nil)
            let policy = try #require(page.headers.first(name: "Content-Security-Policy"))
            #expect(policy.contains("'sha256-") && policy.contains("img-src 'self' data: https:"))
            #expect(try await app.send(.GET, "/track/abcdefghjkmnpqrstvwx").status == .notFound)
        }
    }
}
