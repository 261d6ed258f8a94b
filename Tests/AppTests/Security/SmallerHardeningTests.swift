@testable import App
import Fluent
import Foundation
import SQLKit
import Testing
import Vapor

/// Issue 16, item 9: the smaller findings, one test each.
@Suite struct SmallerHardeningTests {
    @Test func theSignInRedirectStaysOnThisSite() {
        for next in ["/%09/evil.example", "/\t/evil.example", "/%2F/evil.example", "/%252F%252Fevil.example", "//evil.example",
                     "/\\evil.example", "https://evil.example", "/ /evil.example", "/%5Cevil.example", "evil", nil] as [String?] {
            #expect(SignInController.safeNext(next) == "/customers", "\(next ?? "nil")")
        }
        for next in ["/customers?q=ann&page=2", "/orders/123", "/customers/new"] {
            #expect(SignInController.safeNext(next) == next)
        }
    }

    @Test func intakeChecksManagedBy() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let dispatcher = try await app.createUser(in: org, role: "dispatcher")
            let guest = try await app.createUser(in: org, role: "guest")
            _ = try await app.createCustomer(org.adminToken, ["name": "Ann", "phone": "+14155550101"])
            for manager in [dispatcher.id, UUID().uuidString] {
                // The matched record lacks `managed_by`, so the intake would fill it.
                try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken,
                                   json: ["name": "Ann", "phone": "+14155550101", "managed_by": manager])
                    .expectProblem(.unprocessableEntity, field: "managed_by")
            }
            let filled = try await app.send(.POST, "/api/v1/customers/upsert", token: org.adminToken,
                                            json: ["name": "Ann", "phone": "+14155550101", "managed_by": guest.id])
            #expect(filled.status == .ok && filled["managed_by"] as? String == guest.id.lowercased() || filled["managed_by"] as? String == guest.id,
                    "\(filled.text)")
        }
    }

    @Test func controlCharactersInTextAre422NamingTheField() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let cases: [(String, String)] = [
                (#"{"name":"A\u0000B"}"#, "name"), (#"{"name":"Ann","notes":"x\u001by"}"#, "notes"),
                (#"{"name":"Ann","tags":["ok","bad\u0007"]}"#, "tags[1]"),
                (#"{"name":"Ann","custom_fields":{"floor":"3\u0000"}}"#, "custom_fields.floor"),
                (#"{"name":"Ann","custom_fields":{"fl\u0000or":"3"}}"#, "custom_fields"),
                (#"{"name":"Ann","email":"a\u007f@example.com"}"#, "email"),
            ]
            for (body, field) in cases {
                try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: body)
                    .expectProblem(.unprocessableEntity, field: field)
            }
            // Tabs and line breaks are text.
            let multiline = try await app.send(.POST, "/api/v1/customers", token: org.adminToken,
                                               json: #"{"name":"Ann","notes":"line 1\r\nline 2\tend","company":"A \\u0000 literally"}"#)
            #expect(multiline.status == .created, "\(multiline.text)")
            for query in ["q=%00", "q=ann%1B", "tag=%00", "sort=%07name", "q%00=ann"] {
                try await app.send(.GET, "/api/v1/customers?\(query)", token: org.adminToken).expectProblem(.unprocessableEntity)
            }
            try await app.send(.GET, "/api/v1/customers?q=%FF%FE", token: org.adminToken).expectProblem(.badRequest, field: "q")
            for q in ["%25", "_", "%22", "NEAR(a%20b)", "a%20OR%20b", "*", "^ann", "name:ann", "%5C", String(repeating: "a", count: 10_000)] {
                #expect(try await app.send(.GET, "/api/v1/customers?q=\(q)", token: org.adminToken).status.code < 500, "q=\(q)")
            }
            #expect(try await app.allCustomers(org.adminToken).count == 1)
            // The dashboard's form says so too, on the page.
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let refused = try await browser.post("/customers", ["name": "Bad\u{0}Name"])
            #expect(refused.status == .unprocessableEntity && refused.body.contains("must not contain control characters"), "\(refused.status)")
        }
    }

    @Test func aSuperAdminsOrganizationChangeIsAuditedAndAFailedAuditStopsTheAccess() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let org = try await app.createOrganization("acme", rootToken: root)
            let changed = try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: root, json: ["name": "Acme Renamed"])
            #expect(changed.status == .ok)
            let log = try await app.send(.GET, "/api/v1/audit-log?organization_id=\(org.id)", token: root)
            #expect(log.data.contains { $0["action"] as? String == "organization_update" && $0["method"] as? String == "PATCH" }, "\(log.text)")

            try await (app.db as! any SQLDatabase).raw("DROP TABLE audit_log").run()
            let refused = try await app.send(.POST, "/api/v1/customers", token: root, json: ["name": "Unaudited"],
                                             headers: [("X-Organization-Id", org.id)])
            refused.expectProblem(.serviceUnavailable)
            try await app.send(.PATCH, "/api/v1/organizations/\(org.id)", token: root, json: ["name": "Again"]).expectProblem(.internalServerError)
            #expect(try await app.send(.GET, "/api/v1/customers", token: org.adminToken)["total"] as? Int == 0)
            #expect(try await app.send(.GET, "/api/v1/organizations/\(org.id)", token: org.adminToken)["name"] as? String == "Acme Renamed")
        }
    }

    @Test func aSuperAdminsImportRuns() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let org = try await app.createOrganization("acme", rootToken: root)
            let response = try await app.sendBytes(.POST, "/api/v1/customers/import", token: nil, bytes: [])
            #expect(response.status == .unauthorized)
            var headers = HTTPHeaders()
            headers.add(name: .authorization, value: "Bearer \(root)")
            headers.add(name: "X-Organization-Id", value: org.id)
            headers.add(name: .contentType, value: "text/csv")
            var status: HTTPResponseStatus?
            var id = ""
            try await app.testing().test(.POST, "/api/v1/customers/import", headers: headers, body: ByteBuffer(string: "name\nAnn\nBob\n")) {
                status = $0.status
                id = ((try? JSONSerialization.jsonObject(with: Data($0.body.string.utf8))) as? [String: Any])?["id"] as? String ?? ""
            }
            #expect(status == .accepted)
            await app.importJobs.waitUntilIdle()
            let job = try await app.send(.GET, "/api/v1/imports/\(id)", token: org.adminToken)
            #expect(job["status"] as? String == "done" && job["created"] as? Int == 2, "\(job.text)")
        }
    }

    @Test func aMultipartImportIsStreamedAndItsLimitsHold() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            func form(_ parts: [(String, String)]) -> [UInt8] {
                var body = ""
                for (name, content) in parts {
                    body += "--XyZ\r\nContent-Disposition: form-data; name=\"\(name)\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                    body += content + "\r\n"
                }
                return Array((body + "--XyZ--\r\n").utf8)
            }
            let rows = "name\n" + (0..<2000).map { "Person \($0)" }.joined(separator: "\n") + "\n"
            let posted = try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken,
                                                 bytes: form([("note", "ignored"), ("file", rows)]),
                                                 contentType: "multipart/form-data; boundary=XyZ")
            #expect(posted.status == .accepted, "\(posted.text)")
            await app.importJobs.waitUntilIdle()
            #expect(try await app.send(.GET, "/api/v1/customers", token: org.adminToken)["total"] as? Int == 2000)
            try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken, bytes: form([("other", rows)]),
                                    contentType: "multipart/form-data; boundary=XyZ").expectProblem(.unprocessableEntity, field: "file")
            app.importSettings.maxBytes = 1000
            try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken, bytes: form([("file", rows)]),
                                    contentType: "multipart/form-data; boundary=XyZ").expectProblem(.payloadTooLarge)
        }
    }

    @Test func aDashboardSessionEndsAfterItsIdleTimeout() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            #expect(try await browser.get("/customers").status == .ok)
            let thirteenHoursAgo = Date().addingTimeInterval(-13 * 3600)
            try await DashboardSession.query(on: app.db).set(\.$lastSeenAt, to: thirteenHoursAgo).set(\.$createdAt, to: thirteenHoursAgo).update()
            let after = try await browser.get("/customers")
            #expect(after.status == .seeOther && after.location?.hasPrefix("/sign-in") == true, "\(after.status)")
        }
    }

    @Test func aSessionInUseStaysOpen() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let browser = WebBrowser(app)
            try await browser.signIn(org.adminEmail, testPassword)
            let elevenHoursAgo = Date().addingTimeInterval(-11 * 3600)
            try await DashboardSession.query(on: app.db).set(\.$lastSeenAt, to: elevenHoursAgo).set(\.$createdAt, to: elevenHoursAgo).update()
            #expect(try await browser.get("/customers").status == .ok)
            let session = try #require(try await DashboardSession.query(on: app.db).first())
            #expect(session.lastSeenAt.map { Date().timeIntervalSince($0) < 60 } == true)
        }
    }
}
