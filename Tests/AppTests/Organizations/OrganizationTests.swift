@testable import App
import Testing
import Vapor

@Suite struct OrganizationTests {
    @Test func superAdminCreatesAnOrganizationWithDefaultsAndItsFirstAdmin() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let created = try await app.send(.POST, "/api/v1/organizations", token: root, json: [
                "name": "Acme Couriers", "slug": "acme-couriers",
                "admin": ["email": "Boss@Acme.test ", "name": "Boss", "password": "boss-password-1"],
            ])
            #expect(created.status == .created)
            #expect(created["name"] as? String == "Acme Couriers")
            #expect(created["slug"] as? String == "acme-couriers")
            let id = try #require(created["id"] as? String)
            #expect(created.headers.first(name: .location) == "/api/v1/organizations/\(id)")
            let settings = try #require(created["settings"] as? [String: Any])
            #expect(settings["default_country"] as? String == "US")
            #expect(settings["unique_customer_names"] as? Bool == false)
            #expect(settings["timezone"] as? String == "UTC")
            #expect(settings["currency"] as? String == "USD")

            let adminToken = try await app.signIn("boss@acme.test", "boss-password-1")
            let me = try await app.send(.GET, "/api/v1/me", token: adminToken)
            #expect(me["role"] as? String == "admin")
            #expect(me["organization_id"] as? String == id)
        }
    }

    @Test func settingsAreValidatedAndStored() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let org = try await app.createOrganization("gb-shop", rootToken: root, settings: [
                "default_country": "GB", "timezone": "Europe/London", "currency": "GBP", "unique_customer_names": true,
            ])
            let shown = try await app.send(.GET, "/api/v1/organizations/\(org.id)", token: org.adminToken)
            let settings = try #require(shown["settings"] as? [String: Any])
            #expect(settings["default_country"] as? String == "GB")
            #expect(settings["timezone"] as? String == "Europe/London")
            #expect(settings["currency"] as? String == "GBP")
            #expect(settings["unique_customer_names"] as? Bool == true)

            let bad = try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: org.adminToken, json: [
                "settings": ["default_country": "XY", "timezone": "Mars/Olympus", "currency": "DOGE"],
            ])
            bad.expectProblem(.unprocessableEntity, field: "settings.default_country")
            #expect(Set(bad.fieldErrors) == ["settings.default_country", "settings.timezone", "settings.currency"])
        }
    }

    @Test func aDuplicateSlugIs409AndAMalformedOne422() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            _ = try await app.createOrganization("acme", rootToken: root)
            let duplicate = try await app.send(.POST, "/api/v1/organizations", token: root, json: [
                "name": "Other", "slug": "acme", "admin": ["email": "x@other.test", "name": "X", "password": testPassword],
            ])
            duplicate.expectProblem(.conflict, field: "slug")
            for slug in ["Acme", "acme corp", "-acme", "a", "acme/../x", "ácme"] {
                let bad = try await app.send(.POST, "/api/v1/organizations", token: root, json: [
                    "name": "Bad", "slug": slug, "admin": ["email": "y@bad.test", "name": "Y", "password": testPassword],
                ])
                bad.expectProblem(.unprocessableEntity, field: "slug")
            }
        }
    }

    @Test func missingFieldsAreAllNamedAndNothingIsWritten() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let bad = try await app.send(.POST, "/api/v1/organizations", token: root,
                                         json: ["slug": "half", "admin": ["email": "not-an-email", "password": "short"]])
            bad.expectProblem(.unprocessableEntity)
            #expect(Set(bad.fieldErrors) == ["name", "admin.email", "admin.name", "admin.password"])
            let list = try await app.send(.GET, "/api/v1/organizations", token: root)
            #expect(list["total"] as? Int == 0)
        }
    }

    @Test func anAdminEmailAlreadyInUseLeavesNoOrganizationBehind() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let first = try await app.createOrganization("first", rootToken: root)
            let clash = try await app.send(.POST, "/api/v1/organizations", token: root, json: [
                "name": "Second", "slug": "second", "admin": ["email": first.adminEmail, "name": "Z", "password": testPassword],
            ])
            clash.expectProblem(.conflict, field: "admin.email")
            let list = try await app.send(.GET, "/api/v1/organizations", token: root)
            #expect(list["total"] as? Int == 1)
        }
    }

    @Test func onlyASuperAdminCreatesOrganizations() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let refused = try await app.send(.POST, "/api/v1/organizations", token: org.adminToken, json: [
                "name": "Mine", "slug": "mine", "admin": ["email": "m@mine.test", "name": "M", "password": testPassword],
            ])
            refused.expectProblem(.forbidden)
        }
    }

    @Test func listingShowsAllToASuperAdminAndOnlyTheirOwnToOthers() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            _ = try await app.createOrganization("bravo", rootToken: root)
            _ = try await app.createOrganization("charlie", rootToken: root)

            let all = try await app.send(.GET, "/api/v1/organizations?per_page=2", token: root)
            #expect(all.status == .ok)
            #expect(all["total"] as? Int == 3)
            #expect(all["per_page"] as? Int == 2)
            #expect(all.data.map { $0["slug"] as? String } == ["alpha", "bravo"])
            let cursor = try #require(all["next_cursor"] as? String)
            let next = try await app.send(.GET, "/api/v1/organizations?per_page=2&cursor=\(cursor)", token: root)
            #expect(next.data.map { $0["slug"] as? String } == ["charlie"])
            #expect(next["next_cursor"] is NSNull)

            let own = try await app.send(.GET, "/api/v1/organizations", token: a.adminToken)
            #expect(own["total"] as? Int == 1)
            #expect(own.data.map { $0["slug"] as? String } == ["alpha"])
        }
    }

    @Test func adminsChangeTheirOwnOrganizationOnly() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let a = try await app.createOrganization("alpha", rootToken: root)
            let b = try await app.createOrganization("bravo", rootToken: root)

            let renamed = try await app.send(.PATCH, "/api/v1/organizations/\(a.id)", token: a.adminToken,
                                             json: ["name": "Alpha Deliveries", "settings": ["default_country": "gb"]])
            #expect(renamed.status == .ok)
            #expect(renamed["name"] as? String == "Alpha Deliveries")
            #expect((renamed["settings"] as? [String: Any])?["default_country"] as? String == "GB")

            let other = try await app.send(.PATCH, "/api/v1/organizations/\(b.id)", token: a.adminToken, json: ["name": "Mine"])
            other.expectProblem(.notFound)
            let read = try await app.send(.GET, "/api/v1/organizations/\(b.id)", token: a.adminToken)
            read.expectProblem(.notFound)
            let unchanged = try await app.send(.GET, "/api/v1/organizations/\(b.id)", token: root)
            #expect(unchanged["name"] as? String == "Org bravo")

            let dispatcher = try await app.createUser(in: a, role: "dispatcher")
            let refused = try await app.send(.PATCH, "/api/v1/organizations/\(a.id)", token: dispatcher.token, json: ["name": "X"])
            refused.expectProblem(.forbidden)
            let superRename = try await app.send(.PATCH, "/api/v1/organizations/\(b.id)", token: root, json: ["name": "Bravo Ltd"])
            #expect(superRename["name"] as? String == "Bravo Ltd")
        }
    }
}
