@testable import App
import Testing
import Vapor

@Suite struct CustomerSearchTests {
    @Test func oneTermFindsNameEmailAndPhoneFragments() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await app.createCustomer(org.adminToken, ["name": "Joanna Smith", "phone": "+14155552671"])
            try await app.createCustomer(org.adminToken, ["name": "Bob Stone", "email": "bob.stone@Example.org"])
            try await app.createCustomer(org.adminToken, ["name": "Zoë Ng", "phone": "+12125550143"])
            #expect(try await app.customerNames(org.adminToken, "q=ann") == ["Joanna Smith"])
            #expect(try await app.customerNames(org.adminToken, "q=ANN") == ["Joanna Smith"])
            #expect(try await app.customerNames(org.adminToken, "q=5552671") == ["Joanna Smith"])
            #expect(try await app.customerNames(org.adminToken, "q=%28415%29%20555") == ["Joanna Smith"])
            #expect(try await app.customerNames(org.adminToken, "q=example.org") == ["Bob Stone"])
            #expect(try await app.customerNames(org.adminToken, "q=zoe") == ["Zoë Ng"])
            #expect(try await app.customerNames(org.adminToken, "q=ng") == ["Zoë Ng"])
            #expect(try await app.customerNames(org.adminToken, "q=nobody-here") == [])
        }
    }

    @Test func theVeryNextSearchSeesACreateAnUpdateAndADelete() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let id = try #require(try await app.createCustomer(org.adminToken, ["name": "Quentin Blake"])["id"] as? String)
            #expect(try await app.customerNames(org.adminToken, "q=quent") == ["Quentin Blake"])
            try await app.send(.PATCH, "/api/v1/customers/\(id)", token: org.adminToken, json: ["name": "Roald Dahl"])
            #expect(try await app.customerNames(org.adminToken, "q=quent") == [])
            #expect(try await app.customerNames(org.adminToken, "q=roald") == ["Roald Dahl"])
            try await app.send(.DELETE, "/api/v1/customers/\(id)", token: org.adminToken)
            #expect(try await app.customerNames(org.adminToken, "q=roald") == [])
        }
    }

    @Test func searchNeverCrossesOrganizations() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)
            let secret = try await app.createCustomer(b.adminToken, ["name": "Secret Person", "email": "secret@b.example"])
            #expect(try await app.customerNames(a.adminToken, "q=secret") == [])
            let list = try await app.send(.GET, "/api/v1/customers", token: a.adminToken)
            #expect(list["total"] as? Int == 0)
            let id = try #require(secret["id"] as? String)
            try await app.send(.GET, "/api/v1/customers/\(id)", token: a.adminToken).expectProblem(.notFound)
            try await app.send(.PATCH, "/api/v1/customers/\(id)", token: a.adminToken, json: ["name": "Mine"]).expectProblem(.notFound)
            try await app.send(.DELETE, "/api/v1/customers/\(id)", token: a.adminToken).expectProblem(.notFound)
            try await app.send(.GET, "/api/v1/customers/\(id)/timeline", token: a.adminToken).expectProblem(.notFound)
            let still = try await app.send(.GET, "/api/v1/customers/\(id)", token: b.adminToken)
            #expect(still["name"] as? String == "Secret Person")
        }
    }

    @Test func filtersNarrowTheList() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let guest = try await app.createUser(in: org, role: "guest")
            try await app.createCustomer(org.adminToken, ["name": "A Active", "email": "a@x.co", "tags": ["VIP"]])
            try await app.createCustomer(org.adminToken, ["name": "B Blocked", "status": "blocked", "phone": "+14155550100"])
            try await app.createCustomer(org.adminToken, ["name": "C Managed", "managed_by": guest.id, "tags": ["vip", "b2b"]])
            #expect(try await app.customerNames(org.adminToken, "status=blocked") == ["B Blocked"])
            #expect(try await app.customerNames(org.adminToken, "tag=vip") == ["A Active", "C Managed"])
            #expect(try await app.customerNames(org.adminToken, "tag=b2b") == ["C Managed"])
            #expect(try await app.customerNames(org.adminToken, "has_email=true") == ["A Active"])
            #expect(try await app.customerNames(org.adminToken, "has_phone=true") == ["B Blocked"])
            #expect(try await app.customerNames(org.adminToken, "has_phone=false&has_email=false") == ["C Managed"])
            #expect(try await app.customerNames(org.adminToken, "managed_by=\(guest.id)") == ["C Managed"])
            #expect(try await app.customerNames(org.adminToken, "created_from=2000-01-01&created_to=2999-01-01").count == 3)
            #expect(try await app.customerNames(org.adminToken, "created_to=2000-01-01") == [])
            try await app.send(.GET, "/api/v1/customers?status=gone", token: org.adminToken).expectProblem(.unprocessableEntity, field: "status")
            try await app.send(.GET, "/api/v1/customers?sort=shoe_size", token: org.adminToken).expectProblem(.unprocessableEntity, field: "sort")
            try await app.send(.GET, "/api/v1/customers?created_from=yesterday", token: org.adminToken)
                .expectProblem(.unprocessableEntity, field: "created_from")
            try await app.send(.GET, "/api/v1/customers?per_page=101", token: org.adminToken).expectProblem(.unprocessableEntity, field: "per_page")
        }
    }

    @Test func sortingAndCursorPagesWalkTheWholeListInOrder() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            var names: [String] = []
            for index in 0..<45 {
                let name = String(format: "Customer %02d", (index * 17) % 45)
                names.append(name)
                try await app.createCustomer(org.adminToken, ["name": name])
            }
            let first = try await app.send(.GET, "/api/v1/customers", token: org.adminToken)
            #expect(first.data.count == 20 && first["per_page"] as? Int == 20 && first["total"] as? Int == 45)
            for (sort, expected) in [("name", names.sorted()), ("-name", names.sorted().reversed()),
                                     ("created_at", names), ("-created_at", names.reversed())] {
                let seen = try await app.customerNamesByCursor(org.adminToken, "sort=\(sort)&per_page=7")
                #expect(seen == Array(expected), "sort \(sort)")
            }
            #expect(try await app.customerNames(org.adminToken, "sort=name&order=desc&per_page=2") == ["Customer 44", "Customer 43"])
            #expect(try await app.customerNames(org.adminToken, "sort=name&page=3&per_page=20").count == 5)
            #expect(try await app.customerNames(org.adminToken, "sort=total_spent&per_page=100").count == 45)
            #expect(try await app.customerNames(org.adminToken, "sort=-last_order_at&per_page=100").count == 45)
        }
    }
}

@Suite struct LastOrderSortTests {
    /// Customers without orders sort as the oldest; every page walked by cursor, both ways, gives the same order.
    @Test func customersWithoutOrdersComeFirstAscendingAndLastDescending() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            var withOrders: [(String, String)] = []
            for index in 0..<9 {
                let customer = try await app.createCustomer(org.adminToken, ["name": "C\(index)"])
                guard index % 3 != 0 else { continue }
                let day = String(format: "2026-0%d-1%dT10:00:00Z", 1 + index % 5, index)
                try await app.placeOrder(org.adminToken, ["customer_id": customer["id"]!, "amount": "5.00", "placed_at": day])
                withOrders.append((day, "C\(index)"))
            }
            let withoutOrders = ["C0", "C3", "C6"]
            let ascending = withoutOrders + withOrders.sorted { $0.0 < $1.0 }.map(\.1)
            for (sort, expected) in [("last_order_at", ascending), ("-last_order_at", ascending.reversed())] {
                let seen = try await app.customerNamesByCursor(org.adminToken, "sort=\(sort)&per_page=2")
                #expect(seen == Array(expected), "sort \(sort)")
            }
        }
    }
}
