@testable import App
import Foundation
import Testing
import Vapor

/// Issue 16, item 7: an erasure removes the person everywhere (the SQLite files themselves are read by the smoke
/// test `test_erasure_files.py`).
@Suite struct ErasureCompletenessTests {
    @Test func tasksReachedOnlyThroughAnOrderLoseThePersonsDetails() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let order = try await app.placeOrder(org.adminToken, [
                "guest": ["name": "Erin Erasable", "email": "erin@example.com", "phone": "+14155550142"], "amount": "9.00",
            ])
            let task = try await app.send(.POST, "/api/v1/tasks", token: org.adminToken, json: [
                "type": "delivery", "order_id": order["id"]!, "notes": "Leave with Erin's neighbour",
                "dropoff": ["line1": "12 Erin Street", "contact_name": "Erin Erasable"],
            ])
            #expect(task.status == .created && (task["contact"] as? [String: Any])?["phone"] as? String == "+14155550142", "\(task.text)")
            let customer = try await app.createCustomer(org.adminToken, ["name": "Erin Erasable", "email": "erin@example.com"])
            #expect(customer["total_orders"] as? Int == 1)
            let erased = try await app.send(.POST, "/api/v1/customers/\(customer["id"]!)/erase", token: org.adminToken,
                                            json: ["reason": "asked to be forgotten"])
            #expect(erased.status == .ok, "\(erased.text)")
            let after = try await app.send(.GET, "/api/v1/tasks/\(task["id"]!)", token: org.adminToken)
            #expect(!after.text.contains("Erin") && !after.text.contains("5550142"), "\(after.text)")
            let kept = try await app.send(.GET, "/api/v1/orders/\(order["id"]!)", token: org.adminToken)
            #expect(kept["amount"] as? String == "9.00" && !kept.text.contains("erin@"), "\(kept.text)")
            // The messages written for the guest order's task went to Erin's address, and named her: gone too.
            let messages = try await app.send(.GET, "/api/v1/notifications?per_page=100", token: org.adminToken)
            #expect(messages.status == .ok && !messages.text.contains("erin@") && !messages.text.contains("Erin"), "\(messages.text)")
        }
    }

    @Test func anImportStartedBeforeAnErasureDoesNotBringThePersonBack() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let person = try await app.createCustomer(org.adminToken, ["name": "Pat Erased", "email": "pat@example.com"])
            // The upload was received (its job exists) before the person asked to be forgotten.
            let url = try app.importSettings.newFile()
            try "name,email\nPat Erased,pat@example.com\nQuinn Kept,quinn@example.com\nPat Again,PAT@example.com\n"
                .write(to: url, atomically: true, encoding: .utf8)
            let scan = try await ImportFileReader.scanAside(path: url.path)
            let admin = try await app.send(.GET, "/api/v1/users?per_page=100", token: org.adminToken).data
                .first { $0["email"] as? String == org.adminEmail }
            let job = ImportJob(organizationID: UUID(uuidString: org.id)!, createdByID: UUID(uuidString: admin?["id"] as? String ?? ""),
                                onMatch: .fill, mappingJSON: try ImportColumnMapping(header: scan.header).storedJSON,
                                filePath: url.path, rowsTotal: scan.records)
            try await job.create(on: app.db)
            let erased = try await app.send(.POST, "/api/v1/customers/\(person["id"]!)/erase", token: org.adminToken,
                                            json: ["reason": "asked"])
            #expect(erased.status == .ok)
            try await ImportJobRunner(database: app.db, jobID: job.id!, organizationID: job.organizationID, logger: app.logger).run()
            let report = try await app.send(.GET, "/api/v1/imports/\(job.id!)", token: org.adminToken)
            #expect(report["status"] as? String == "done", "\(report.text)")
            #expect(report["created"] as? Int == 1 && report["rejected"] as? Int == 2, "\(report.text)")
            #expect(report.text.contains("erased while the import ran"))
            let names = try await app.allCustomers(org.adminToken).compactMap { $0["name"] as? String }
            #expect(names == ["Quinn Kept"])
            // A new import, started after the erasure, is the organization's own decision again.
            try await app.importCSV(org.adminToken, "name,email\nPat Returned,pat@example.com\n")
            #expect(try await app.allCustomers(org.adminToken).count == 2)
        }
    }

    @Test func anOrderPlacedWhileTheCustomerIsErasedKeepsNoContactCopy() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let customer = try await app.createCustomer(org.adminToken, ["name": "Rae Racing", "email": "rae@example.com",
                                                                          "phone": "+14155550177"])
            let id = customer["id"] as? String ?? ""
            let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<12 {
                    group.addTask {
                        if index == 6 {
                            return try await app.send(.POST, "/api/v1/customers/\(id)/erase", token: org.adminToken,
                                                      json: ["reason": "asked"]).status
                        }
                        return try await app.send(.POST, "/api/v1/orders", token: org.adminToken,
                                                  json: ["customer_id": id, "amount": "1.00"]).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(statuses.allSatisfy { $0.code < 500 }, "\(statuses)")
            let orders = try await app.send(.GET, "/api/v1/orders?per_page=100", token: org.adminToken)
            #expect(!orders.text.contains("rae@example.com") && !orders.text.contains("5550177") && !orders.text.contains("Rae"),
                    "\(orders.text)")
        }
    }
}
