@testable import App
import Foundation
import Testing
import Vapor

/// SMS leave through the outbox to a real HTTP server standing in for the provider (Tests/support/sms_sink.py).
@Suite struct SMSDeliveryTests {
    /// A customer with a phone, its task moved to in transit: one SMS queued.
    func queuedSMS(_ world: NotificationWorld, phone: String = "+14155550123") async throws -> String {
        let agent = try await world.app.createUser(in: world.org, role: "agent", name: "agent-\(phone.suffix(4))")
        let customer = try await world.customer(["name": "Ada", "phone": phone])
        let task = try await world.task(for: customer)
        try await world.move(task, through: ["awaiting_assignment", "assigned", "accepted", "in_transit"], agent: agent)
        let sms = try await world.notifications("&channel=sms&customer_id=\(customer)")
        #expect(sms.count == 1 && sms.first?["status"] as? String == "queued")
        return try #require(sms.first?["id"] as? String)
    }

    @Test func anSMSIsPostedOnceWithItsIdAsIdempotencyKey() async throws {
        let sink = try TestServerProcess(script: "sms_sink.py")
        try await withTestApp(adjust: { $0.outboxForTests(sms: sink) }) { app in
            let world = try await NotificationWorld.make(app)
            let id = try await queuedSMS(world)
            try await world.deliver()
            let received = try sink.received()
            #expect(received.count == 1, "\(received)")
            #expect(received.first?["key"] as? String == id && received.first?["id"] as? String == id)
            #expect(received.first?["to"] as? String == "+14155550123")
            #expect((received.first?["body"] as? String)?.contains("is on its way") == true)
            let sent = try await app.send(.GET, "/api/v1/notifications/\(id)", token: world.org.adminToken)
            #expect(sent["status"] as? String == "sent" && sent["attempts"] as? Int == 1 && sent["sent_at"] is String)
            // Nothing is due any more: another round sends nothing.
            try await world.deliver()
            #expect(try sink.received().count == 1)
        }
    }

    @Test func anOutageIsRetriedAndThenDelivered() async throws {
        let sink = try TestServerProcess(script: "sms_sink.py", arguments: ["--fail-first", "2"])
        try await withTestApp(adjust: { $0.outboxForTests(sms: sink) }) { app in
            let world = try await NotificationWorld.make(app)
            let id = try await queuedSMS(world)
            #expect(try await app.outboxWorkers!.deliverDue() == 1)
            let waiting = try await app.send(.GET, "/api/v1/notifications/\(id)", token: world.org.adminToken)
            #expect(waiting["status"] as? String == "queued" && waiting["attempts"] as? Int == 1)
            #expect((waiting["last_error"] as? String)?.contains("500") == true, "\(waiting.text)")
            try await world.deliver()
            let sent = try await app.send(.GET, "/api/v1/notifications/\(id)", token: world.org.adminToken)
            #expect(sent["status"] as? String == "sent" && sent["attempts"] as? Int == 3, "\(sent.text)")
            #expect(sent["last_error"] is NSNull)
            #expect(try sink.received().filter { $0["status"] as? Int == 200 }.count == 1)
        }
    }

    @Test func aRefusedNumberFailsAtOnceAndARetryQueuesItAgain() async throws {
        let sink = try TestServerProcess(script: "sms_sink.py", arguments: ["--refuse", "0199"])
        try await withTestApp(adjust: { $0.outboxForTests(sms: sink) }) { app in
            let world = try await NotificationWorld.make(app)
            let refused = try await queuedSMS(world, phone: "+14155550199")
            let fine = try await queuedSMS(world, phone: "+14155550123")
            try await world.deliver()
            let failed = try await app.send(.GET, "/api/v1/notifications/\(refused)", token: world.org.adminToken)
            #expect(failed["status"] as? String == "failed" && failed["attempts"] as? Int == 1, "\(failed.text)")
            #expect((failed["last_error"] as? String)?.contains("400") == true)
            let other = try await app.send(.GET, "/api/v1/notifications/\(fine)", token: world.org.adminToken)
            #expect(other["status"] as? String == "sent", "one refused number fails that notification only")
            #expect(try await world.notifications("&status=failed").count == 1)

            let dispatcher = try await app.createUser(in: world.org, role: "dispatcher")
            let retried = try await app.send(.POST, "/api/v1/notifications/\(refused)/retry", token: dispatcher.token)
            #expect(retried.status == .ok && retried["status"] as? String == "queued" && retried["attempts"] as? Int == 0, "\(retried.text)")
            let again = try await app.send(.POST, "/api/v1/notifications/\(fine)/retry", token: world.org.adminToken)
            again.expectProblem(.conflict, field: "status")
            let agent = try await app.createUser(in: world.org, role: "agent")
            let forbidden = try await app.send(.POST, "/api/v1/notifications/\(refused)/retry", token: agent.token)
            forbidden.expectProblem(.forbidden)
        }
    }

    @Test func afterTheLastAttemptANotificationIsFailed() async throws {
        let sink = try TestServerProcess(script: "sms_sink.py", arguments: ["--fail-first", "100"])
        try await withTestApp(adjust: { $0.outboxForTests(sms: sink); $0.outbox.maxAttempts = 3 }) { app in
            let world = try await NotificationWorld.make(app)
            let id = try await queuedSMS(world)
            try await world.deliver()
            let failed = try await app.send(.GET, "/api/v1/notifications/\(id)", token: world.org.adminToken)
            #expect(failed["status"] as? String == "failed" && failed["attempts"] as? Int == 3, "\(failed.text)")
            #expect(try sink.received().count == 3)
        }
    }

    @Test func aClaimWhoseWorkerDiedIsTakenAgainAfterItsLease() async throws {
        let sink = try TestServerProcess(script: "sms_sink.py")
        try await withTestApp(adjust: { $0.outboxForTests(sms: sink); $0.outbox.leaseSeconds = 0.5 }) { app in
            let world = try await NotificationWorld.make(app)
            let id = try await queuedSMS(world)
            // A worker claims it and dies before it delivers.
            let claimed = try await OutboxStore(database: app.db).claim(limit: 10, channels: [.sms], owner: "dead", leaseSeconds: 0.5)
            #expect(claimed.map(\.id.canonicalString) == [id])
            #expect(try await app.outboxWorkers!.deliverDue() == 0, "held under the dead worker's lease")
            try await Task.sleep(nanoseconds: 700_000_000)
            try await world.deliver()
            let sent = try await app.send(.GET, "/api/v1/notifications/\(id)", token: world.org.adminToken)
            #expect(sent["status"] as? String == "sent" && sent["attempts"] as? Int == 2, "\(sent.text)")
            // The dead worker's late answer changes nothing.
            try await OutboxStore(database: app.db).record([(claimed[0], .failed("late"))], owner: "dead", backoff: OutboxBackoff(baseSeconds: 0))
            let still = try await app.send(.GET, "/api/v1/notifications/\(id)", token: world.org.adminToken)
            #expect(still["status"] as? String == "sent")
        }
    }

    @Test func whatAClaimDidNotTryGoesBackToTheQueueAsItWas() async throws {
        let sink = try TestServerProcess(script: "sms_sink.py")
        try await withTestApp(adjust: { $0.outboxForTests(sms: sink) }) { app in
            let world = try await NotificationWorld.make(app)
            let id = try await queuedSMS(world)
            let store = OutboxStore(database: app.db)
            let claimed = try await store.claim(limit: 10, channels: [.sms], owner: "slow", leaseSeconds: 60)
            #expect(claimed.count == 1 && claimed.first?.attempt == 1)
            try await store.record([(claimed[0], .released)], owner: "slow", backoff: OutboxBackoff(baseSeconds: 0))
            let back = try await app.send(.GET, "/api/v1/notifications/\(id)", token: world.org.adminToken)
            #expect(back["status"] as? String == "queued" && back["attempts"] as? Int == 0, "\(back.text)")
            try await world.deliver()
            #expect(try sink.received().count == 1)
        }
    }

    /// One claim fills its batch from every organization with messages due (on PostgreSQL it claims one organization
    /// at a time, the one due first first), also when another worker holds the first organization's messages.
    @Test func aClaimTakesDueMessagesOfEveryOrganization() async throws {
        let sink = try TestServerProcess(script: "sms_sink.py")
        try await withTestApp(adjust: { $0.outboxForTests(sms: sink) }) { app in
            let first = try await NotificationWorld.make(app)
            let second = try await NotificationWorld.make(app, slug: "globex")
            let a = try await queuedSMS(first)
            let b = try await queuedSMS(second, phone: "+14155550188")
            let store = OutboxStore(database: app.db)
            let claimed = try await store.claim(limit: 10, channels: [.sms], owner: "one", leaseSeconds: 60)
            #expect(Set(claimed.map(\.id.canonicalString)) == [a, b])
            try await store.record(claimed.map { ($0, .released) }, owner: "one", backoff: OutboxBackoff(baseSeconds: 0))

            // Another worker holds the first organization's message: a claim of one still finds the second's.
            let holder = try await store.claim(limit: 1, channels: [.sms], owner: "holder", leaseSeconds: 60)
            #expect(holder.count == 1)
            let other = try await store.claim(limit: 1, channels: [.sms], owner: "other", leaseSeconds: 60)
            #expect(other.count == 1 && other.first?.id != holder.first?.id)
            try await store.record((holder + other).map { ($0, .released) }, owner: "holder", backoff: OutboxBackoff(baseSeconds: 0))
            try await store.record(other.map { ($0, .released) }, owner: "other", backoff: OutboxBackoff(baseSeconds: 0))
            try await first.deliver()
            #expect(try sink.received().count == 2)
        }
    }
}
