@testable import App
import Foundation
import Testing
import Vapor

/// Saving segments, and using one on the list (with search, every sort and cursor pages), in exports and in a
/// marketing message; who may, and what another organization sees.
@Suite struct SegmentUseTests {
    @Test func aSegmentIsSavedRenamedChangedAndDeleted() async throws {
        try await withTestApp { app in
            let w = try await SegmentWorld.make(app)
            let token = w.org.adminToken
            let created = try await app.send(.POST, "/api/v1/segments", token: token,
                                             json: ["name": "  Milan regulars ", "filters": ["city": "Milano", "orders_min": 2, "has_email": true]])
            #expect(created.status == .created, "\(created.text)")
            let id = try #require(created["id"] as? String)
            #expect(created["name"] as? String == "Milan regulars")
            #expect(created["filters"] as? [String: String] == ["city": "Milano", "orders_min": "2", "has_email": "true"])
            #expect(created["count"] as? Int == 1)
            #expect(created.headers.first(name: .location) == "/api/v1/segments/\(id)")

            try await app.send(.POST, "/api/v1/segments", token: token, json: ["name": "MILAN REGULARS", "filters": [:]])
                .expectProblem(.conflict, field: "name")
            try await app.send(.POST, "/api/v1/segments", token: token, json: ["name": "Bad", "filters": ["colour": "red"]])
                .expectProblem(.unprocessableEntity, field: "filters.colour")
            try await app.send(.POST, "/api/v1/segments", token: token, json: ["name": "Bad", "filters": ["orders_min": "many"]])
                .expectProblem(.unprocessableEntity, field: "filters.orders_min")
            try await app.send(.POST, "/api/v1/segments", token: token, json: ["name": "Bad", "filters": ["tag": ["a", "b"]]])
                .expectProblem(.unprocessableEntity, field: "filters.tag")
            try await app.send(.POST, "/api/v1/segments", token: token, json: ["name": "Bad", "filters": "status=active"])
                .expectProblem(.unprocessableEntity, field: "filters")
            try await app.send(.POST, "/api/v1/segments", token: token, json: ["filters": [:]])
                .expectProblem(.unprocessableEntity, field: "name")

            let changed = try await app.send(.PATCH, "/api/v1/segments/\(id)", token: token, json: ["filters": ["country": "IT"]])
            #expect(changed.status == .ok, "\(changed.text)")
            #expect(changed["filters"] as? [String: String] == ["country": "IT"])
            #expect(changed["name"] as? String == "Milan regulars")
            #expect(changed["count"] as? Int == 3)
            let renamed = try await app.send(.PATCH, "/api/v1/segments/\(id)", token: token, json: ["name": "Italy"])
            #expect(renamed["name"] as? String == "Italy")
            #expect(renamed["count"] as? Int == 3)

            let listed = try await app.send(.GET, "/api/v1/segments", token: token)
            #expect(listed["total"] as? Int == 1)
            let first = try #require((listed["data"] as? [[String: Any]])?.first)
            #expect(first["name"] as? String == "Italy")
            #expect(first["count"] as? Int == 3)

            let other = try await app.createOrganization("other", rootToken: try await app.rootToken())
            try await app.send(.GET, "/api/v1/segments/\(id)", token: other.adminToken).expectProblem(.notFound)
            try await app.send(.PATCH, "/api/v1/segments/\(id)", token: other.adminToken, json: ["name": "Mine"]).expectProblem(.notFound)
            try await app.send(.DELETE, "/api/v1/segments/\(id)", token: other.adminToken).expectProblem(.notFound)
            try await app.send(.GET, "/api/v1/customers?segment_id=\(id)", token: other.adminToken).expectProblem(.notFound)
            #expect(try await app.send(.GET, "/api/v1/segments", token: other.adminToken)["total"] as? Int == 0)

            #expect(try await app.send(.DELETE, "/api/v1/segments/\(id)", token: token).status == .noContent)
            try await app.send(.GET, "/api/v1/segments/\(id)", token: token).expectProblem(.notFound)
            #expect(try await app.send(.GET, "/api/v1/customers", token: token)["total"] as? Int == 5)
        }
    }

    @Test func aSegmentComposesWithSearchEverySortAndCursorPages() async throws {
        try await withTestApp { app in
            let w = try await SegmentWorld.make(app)
            let token = w.org.adminToken
            for index in 0..<25 {
                let id = try #require(try await app.createCustomer(token, ["name": "Milan Shopper \(index)"])["id"] as? String)
                try await app.send(.POST, "/api/v1/customers/\(id)/addresses", token: token, json: ["line1": "2 Via", "city": "Milano", "country": "IT"])
                try await app.placeOrder(token, ["customer_id": id, "amount": "\(10 + index).00", "payment_status": "paid"])
            }
            let created = try await app.send(.POST, "/api/v1/segments", token: token, json: ["name": "Milan", "filters": ["city": "milano"]])
            let id = try #require(created["id"] as? String)
            #expect(created["count"] as? Int == 27)
            for sort in ["name", "-name", "created_at", "-created_at", "total_spent", "-total_spent", "last_order_at", "-last_order_at",
                         "loyalty_points", "-loyalty_points"] {
                let paged = try await app.customerNamesByCursor(token, "segment_id=\(id)&sort=\(sort)&per_page=7")
                #expect(paged.count == 27, "\(sort)")
                #expect(Set(paged).count == 27, "\(sort): a row repeated across pages")
                let whole = try await app.customerNames(token, "segment_id=\(id)&sort=\(sort)&per_page=100")
                #expect(paged == whole, "\(sort)")
            }
            #expect(try await app.customerNames(token, "segment_id=\(id)&q=shopper%201&sort=name")
                        == ["Milan Shopper 1"] + (10...19).map { "Milan Shopper \($0)" })
            // A filter given on the request as well takes the request's value; the others stay.
            #expect(try await app.customerNames(token, "segment_id=\(id)&spent_min=33&sort=name")
                        == ["Anna Milano", "Carla Milano", "Milan Shopper 23", "Milan Shopper 24"])
            let total = try await app.send(.GET, "/api/v1/customers?segment_id=\(id)&per_page=5", token: token)
            #expect(total["total"] as? Int == 27)
        }
    }

    @Test func exportsAndMessagesTakeASegment() async throws {
        try await withTestApp { app in
            let w = try await SegmentWorld.make(app)
            let token = w.org.adminToken
            let created = try await app.send(.POST, "/api/v1/segments", token: token, json: ["name": "DE and DK", "filters": ["spent_max": "80"]])
            let id = try #require(created["id"] as? String)
            let csv = try await app.send(.GET, "/api/v1/customers/export.csv?segment_id=\(id)&sort=name", token: token)
            #expect(csv.status == .ok)
            let lines = csv.text.split(whereSeparator: \.isNewline).map(String.init)
            #expect(lines.count == 4, "\(csv.text)")
            #expect(lines.dropFirst().map { String($0.prefix(while: { $0 != "," })) } == ["Bruno Roma", "Dieter Berlin", "Émile Århus"])
            let xlsx = try await app.send(.GET, "/api/v1/customers/export.xlsx?segment_id=\(id)", token: token)
            #expect(xlsx.status == .ok)

            let sent = try await app.send(.POST, "/api/v1/messages", token: token,
                                          json: ["channel": "email", "subject": "Hello", "body": "Hi {{customer.first_name}}", "segment_id": id])
            #expect(sent.status == .accepted, "\(sent.text)")
            #expect(sent["queued"] as? Int == 1)             // Dieter: opted in, has an email
            #expect(sent["skipped_no_consent"] as? Int == 2) // Bruno, Émile
            try await app.send(.POST, "/api/v1/messages", token: token,
                               json: ["channel": "email", "body": "Hi", "segment_id": UUID().uuidString])
                .expectProblem(.unprocessableEntity, field: "segment_id")
            try await app.send(.POST, "/api/v1/messages", token: token, json: ["channel": "email", "body": "Hi", "segment_id": "nope"])
                .expectProblem(.unprocessableEntity, field: "segment_id")
        }
    }

    @Test func onlyAdminsAndDispatchersUseSegments() async throws {
        try await withTestApp { app in
            let w = try await SegmentWorld.make(app)
            let created = try await app.send(.POST, "/api/v1/segments", token: w.org.adminToken, json: ["name": "All IT", "filters": ["country": "IT"]])
            let id = try #require(created["id"] as? String)
            let dispatcher = try await app.createUser(in: w.org, role: "dispatcher")
            #expect(try await app.customerNames(dispatcher.token, "segment_id=\(id)&sort=name").count == 3)
            for role in ["guest", "agent"] {
                let user = try await app.createUser(in: w.org, role: role)
                try await app.send(.GET, "/api/v1/customers?segment_id=\(id)", token: user.token).expectProblem(.forbidden)
                try await app.send(.GET, "/api/v1/segments", token: user.token).expectProblem(.forbidden)
            }
            try await app.send(.GET, "/api/v1/customers?segment_id=42", token: w.org.adminToken)
                .expectProblem(.unprocessableEntity, field: "segment_id")
            try await app.send(.GET, "/api/v1/customers?segment_id=\(UUID().uuidString)", token: w.org.adminToken)
                .expectProblem(.notFound)
        }
    }
}
