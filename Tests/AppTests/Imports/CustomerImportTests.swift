@testable import App
import Foundation
import Testing
import Vapor

@Suite struct CustomerImportTests {
    let sample = """
        Full Name,E-Mail,Mobile,Company,Tags
        Ann Archer,ann@example.com,030 1234567,Acme,"vip, north"
        Bob Baker,BOB@example.com,,Baker Ltd,
        Ann A.,,+49 30 1234567,,
        Cid,not-an-email,,,
        """

    @Test func dryRunReportsCreatesMatchesDuplicatesAndRejectionsAndChangesNothing() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "DE"])
            let bob = try await app.createCustomer(org.adminToken, ["name": "Robert Baker", "email": "bob@example.com"])
            let response = try await app.importCSV(org.adminToken, sample, query: "dry_run=true")
            #expect(response.status == .ok, "\(response.text)")
            #expect(response["rows"] as? Int == 4)
            #expect(response["to_create"] as? Int == 1)
            #expect(response["matching_existing"] as? Int == 1)
            #expect(response["duplicates_in_file"] as? Int == 1)
            #expect(response["rejected"] as? Int == 1)
            let match = try #require((response["matches"] as? [[String: Any]])?.first)
            #expect(match["row"] as? Int == 3 && match["customer_id"] as? String == bob["id"] as? String && match["by"] as? String == "email")
            let duplicate = try #require((response["duplicates"] as? [[String: Any]])?.first)
            #expect(duplicate["row"] as? Int == 4 && duplicate["same_as_row"] as? Int == 2 && duplicate["by"] as? String == "phone")
            let rejected = try #require((response["rejected_rows"] as? [[String: Any]])?.first)
            #expect(rejected["row"] as? Int == 5 && rejected["field"] as? String == "email")
            #expect(try await app.allCustomers(org.adminToken).count == 1)
        }
    }

    @Test func importCreatesFillsLinksGuestOrdersAndRecordsTheTimeline() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "DE"])
            let bob = try await app.createCustomer(org.adminToken, ["name": "Robert Baker", "email": "bob@example.com"])
            try await app.placeOrder(org.adminToken, ["guest": ["name": "Ann", "email": "ann@example.com"], "amount": "12.50"])
            let job = try await app.importCSV(org.adminToken, sample)
            #expect(job["status"] as? String == "done", "\(job.text)")
            #expect(job["rows_total"] as? Int == 4 && job["rows_done"] as? Int == 4 && job["progress"] as? Double == 1)
            #expect(job["created"] as? Int == 1)
            #expect(job["updated"] as? Int == 1 && job["unchanged"] as? Int == 1)
            #expect(job["rejected"] as? Int == 1)
            let customers = try await app.allCustomers(org.adminToken)
            #expect(customers.count == 2)
            let ann = try #require(customers.first { $0["email"] as? String == "ann@example.com" })
            #expect(ann["name"] as? String == "Ann Archer" && ann["phone"] as? String == "+49301234567")
            #expect(ann["tags"] as? [String] == ["vip", "north"] && ann["source"] as? String == "import")
            #expect(ann["total_orders"] as? Int == 1 && ann["total_spent"] as? String == "12.50")
            let timeline = try await app.send(.GET, "/api/v1/customers/\(ann["id"]!)/timeline", token: org.adminToken).data
            #expect(timeline.contains { $0["type"] as? String == "created" && $0["source"] as? String == "import" })
            #expect(timeline.contains { $0["type"] as? String == "order_linked" })
            let robert = try await app.customer(org.adminToken, bob["id"])
            #expect(robert["name"] as? String == "Robert Baker" && robert["company"] as? String == "Baker Ltd")
        }
    }

    /// A matched customer whom the file gives the email (or phone) of guest orders takes them, as a staff save would;
    /// one whose contacts no guest order carries takes none (the batch reads the guest orders' contacts once).
    @Test func aMatchedCustomerTakesTheGuestOrdersOfTheContactTheFileGivesThem() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "DE"])
            let carol = try await app.createCustomer(org.adminToken, ["name": "Carol Cooper", "phone": "+49 30 5550001"])
            let dan = try await app.createCustomer(org.adminToken, ["name": "Dan Dyer", "phone": "+49 30 5550002"])
            let erin = try await app.createCustomer(org.adminToken, ["name": "Erin Eng", "email": "erin@example.com"])
            try await app.placeOrder(org.adminToken, ["guest": ["name": "Carol", "email": "carol@example.com"], "amount": "20.00"])
            try await app.placeOrder(org.adminToken, ["guest": ["name": "Erin", "phone": "+49 30 5550003"], "amount": "7.00"])
            let job = try await app.importCSV(org.adminToken, """
                Full Name,E-Mail,Mobile,Company
                Carol Cooper,carol@example.com,+49 30 5550001,
                Dan Dyer,dan@example.com,+49 30 5550002,Dyer GmbH
                Erin Eng,erin@example.com,+49 30 5550003,
                Fay Fox,fay@example.com,,
                """)
            #expect(job["status"] as? String == "done" && job["updated"] as? Int == 3 && job["created"] as? Int == 1, "\(job.text)")
            let carolNow = try await app.customer(org.adminToken, carol["id"])
            #expect(carolNow["email"] as? String == "carol@example.com")
            #expect(carolNow["total_orders"] as? Int == 1 && carolNow["total_spent"] as? String == "20.00")
            let danNow = try await app.customer(org.adminToken, dan["id"])
            #expect(danNow["company"] as? String == "Dyer GmbH" && danNow["total_orders"] as? Int == 0)
            let erinNow = try await app.customer(org.adminToken, erin["id"])
            #expect(erinNow["phone"] as? String == "+49305550003")
            #expect(erinNow["total_orders"] as? Int == 1 && erinNow["total_spent"] as? String == "7.00")
        }
    }

    /// Several batches: rows that repeat an earlier row of their own batch and of an earlier batch, rows that match
    /// existing customers, and one row whose external id is taken (its batch is then applied row by row).
    @Test func aLargeFileIsAppliedRowByRowInFileOrderAcrossBatches() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            for k in 0..<20 { _ = try await app.createCustomer(org.adminToken, ["name": "Existing \(k)", "email": "e\(k)@example.com"]) }
            _ = try await app.createCustomer(org.adminToken, ["name": "Holder", "external_id": "EXT-1"])
            var lines = ["name,email,company,external_id,tags"]
            for i in 0..<600 {
                if i % 10 == 9 {
                    lines.append("Person \(i - 5),p\(i - 5)@example.com,Dup Co,,")           // the same person, 5 rows earlier
                } else if i == 12 {
                    lines.append("Person 2,p2@example.com,Twelve Co,,")  // created in this batch, written at row 9 already
                } else if i == 300 {
                    lines.append("Clash,clash@example.com,,EXT-1,vip")                       // external id already used
                } else {
                    lines.append("Person \(i),p\(i)@example.com,,,vip")
                }
            }
            for k in 0..<20 { lines.append("Existing \(k),e\(k)@example.com,Filled Co,,") }
            for i in 0..<5 { lines.append("Person \(i),p\(i)@example.com,Late Co,,") }          // a batch of the file's start

            // A dry run matches a batch at a time too: duplicates across batches, existing customers, new people.
            let dry = try await app.importCSV(org.adminToken, lines.joined(separator: "\n"), query: "dry_run=true")
            #expect(dry["rows"] as? Int == 625 && dry["to_create"] as? Int == 539 && dry["matching_existing"] as? Int == 20)
            #expect(dry["duplicates_in_file"] as? Int == 60 + 1 + 5 && dry["rejected"] as? Int == 0, "\(dry.text)")
            let duplicates = dry["duplicates"] as? [[String: Any]] ?? []
            #expect(duplicates.contains { $0["row"] as? Int == 622 && $0["same_as_row"] as? Int == 2 && $0["by"] as? String == "email" })
            #expect(duplicates.contains { $0["row"] as? Int == 14 && $0["same_as_row"] as? Int == 4 })
            let matches = dry["matches"] as? [[String: Any]] ?? []
            #expect(matches.count == 20 && matches.allSatisfy { $0["by"] as? String == "email" && $0["customer_id"] is String })
            #expect(try await app.send(.GET, "/api/v1/customers?per_page=1", token: org.adminToken)["total"] as? Int == 21)

            let job = try await app.importCSV(org.adminToken, lines.joined(separator: "\n"))
            #expect(job["status"] as? String == "done", "\(job.text)")
            #expect(job["rows_done"] as? Int == 625)
            #expect(job["created"] as? Int == 538, "\(job.text)")
            #expect(job["updated"] as? Int == 60 + 1 + 20 + 3, "\(job.text)")
            #expect(job["unchanged"] as? Int == 2, "p4 and p2 had their companies from rows 9 and 12 already")
            #expect(job["rejected"] as? Int == 1)
            let rejected = try #require((job["rejected_rows"] as? [[String: Any]])?.first)
            #expect(rejected["row"] as? Int == 302 && rejected["field"] as? String == "external_id", "\(rejected)")

            let all = try await app.send(.GET, "/api/v1/customers?per_page=1", token: org.adminToken)
            #expect(all["total"] as? Int == 538 + 20 + 1)
            let vip = try await app.send(.GET, "/api/v1/customers?per_page=1&tag=vip", token: org.adminToken)
            #expect(vip["total"] as? Int == 538)
            let p4 = try await app.send(.GET, "/api/v1/customers?q=p4@example.com", token: org.adminToken).data
            #expect(p4.count == 1 && p4.first?["company"] as? String == "Dup Co")
            let p0 = try await app.send(.GET, "/api/v1/customers?q=p0@example.com", token: org.adminToken).data
            #expect(p0.count == 1 && p0.first?["company"] as? String == "Late Co" && p0.first?["source"] as? String == "import")
            let timeline = try await app.send(.GET, "/api/v1/customers/\(p4.first?["id"] ?? "")/timeline", token: org.adminToken).data
            #expect(timeline.map { $0["type"] as? String } == ["updated", "created"], "\(timeline)")
            let p2 = try await app.send(.GET, "/api/v1/customers?q=p2@example.com", token: org.adminToken).data
            #expect(p2.count == 1 && p2.first?["company"] as? String == "Twelve Co" && p2.first?["version"] as? Int == 2)
            let filled = try await app.send(.GET, "/api/v1/customers?q=e7@example.com", token: org.adminToken).data
            #expect(filled.first?["company"] as? String == "Filled Co")

            let again = try await app.importCSV(org.adminToken, lines.joined(separator: "\n"))
            #expect(again["created"] as? Int == 0 && again["rejected"] as? Int == 1, "\(again.text)")
            #expect(try await app.send(.GET, "/api/v1/customers?per_page=1", token: org.adminToken)["total"] as? Int == 559)
        }
    }

    @Test func reRunningTheSameFileCreatesNoDuplicates() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "DE"])
            let csv = sample + "\nNo Contact Person,,,,"
            let first = try await app.importCSV(org.adminToken, csv)
            #expect(first["created"] as? Int == 3, "\(first.text)")
            let second = try await app.importCSV(org.adminToken, csv)
            #expect(second["created"] as? Int == 0, "\(second.text)")
            #expect(try await app.allCustomers(org.adminToken).count == 3)
        }
    }

    @Test func matchPoliciesFillOverwriteOrSkip() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let ann = try await app.createCustomer(org.adminToken, ["name": "Ann", "email": "ann@example.com", "company": "Old Co"])
            let csv = "name,email,company,notes\nAnn Archer,ann@example.com,New Co,likes tea"
            let filled = try await app.importCSV(org.adminToken, csv)
            #expect(filled["updated"] as? Int == 1, "\(filled.text)")
            var now = try await app.customer(org.adminToken, ann["id"])
            #expect(now["company"] as? String == "Old Co" && now["notes"] as? String == "likes tea" && now["name"] as? String == "Ann")
            let skipped = try await app.importCSV(org.adminToken, csv, query: "on_match=skip")
            #expect(skipped["unchanged"] as? Int == 1)
            let overwritten = try await app.importCSV(org.adminToken, csv, query: "on_match=overwrite")
            #expect(overwritten["updated"] as? Int == 1)
            now = try await app.customer(org.adminToken, ann["id"])
            #expect(now["company"] as? String == "New Co" && now["name"] as? String == "Ann Archer")
            try await app.importCSV(org.adminToken, csv, query: "on_match=sometimes").expectProblem(.unprocessableEntity, field: "on_match")
        }
    }

    @Test func exportThenImportIntoAnEmptyOrganizationGivesTheSameCustomers() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let source = try await app.createOrganization("source", rootToken: root, settings: ["default_country": "DE"])
            let target = try await app.createOrganization("target", rootToken: root, settings: ["default_country": "DE"])
            try await app.createCustomer(source.adminToken, ["name": "Ann Archer", "first_name": "Ann", "last_name": "Archer",
                                                            "email": "ann@example.com", "phone": "+49 30 1234567", "company": "=SUM(A1)",
                                                            "tags": ["vip"], "marketing": ["email_opt_in": true]])
            try await app.createCustomer(source.adminToken, ["name": "Zoë, \"Z\" Żak", "status": "blocked"])
            let csv = try await app.send(.GET, "/api/v1/customers/export.csv?bom=true", token: source.adminToken).text
            let job = try await app.importCSV(target.adminToken, csv)
            #expect(job["created"] as? Int == 2, "\(job.text)")
            func comparable(_ customers: [[String: Any]]) -> [String] {
                customers.map { c in
                    ["name", "first_name", "last_name", "email", "phone", "company", "status"].map { "\(c[$0] ?? "")" }.joined(separator: "|")
                        + "|\(c["tags"] ?? "")|\((c["marketing"] as? [String: Any])?["email_opt_in"] ?? "")"
                }.sorted()
            }
            #expect(comparable(try await app.allCustomers(target.adminToken)) == comparable(try await app.allCustomers(source.adminToken)))
        }
    }

    @Test func badInputIsAClearAnswerNeverACrash() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let empty = try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken, bytes: [])
            empty.expectProblem(.unprocessableEntity, field: "file")
            #expect(empty.text.contains("empty"))
            let noName = try await app.importCSV(org.adminToken, "email,phone\na@example.com,1")
            noName.expectProblem(.unprocessableEntity, field: "file")
            #expect(noName.text.contains("no name column"))
            let latin1: [UInt8] = Array("name\nJos".utf8) + [0xE9] + Array("\n".utf8)
            let wrong = try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken, bytes: latin1)
            wrong.expectProblem(.unprocessableEntity, field: "file")
            #expect(wrong.text.contains("UTF-8"))
            let garbage = (0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) }
            try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken, bytes: garbage)
                .expectProblem(.unprocessableEntity, field: "file")

            let bomAndQuotedNewlines = [0xEF, 0xBB, 0xBF] + Array("Name,Notes\r\n\"Ann\",\"first line\r\nsecond line\"\r\nBob,ok,extra\r\n,\r\nCid\r\n".utf8)
            let posted = try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken, bytes: bomAndQuotedNewlines)
            #expect(posted.status == .accepted, "\(posted.text)")
            await app.importJobs.waitUntilIdle()
            let job = try await app.send(.GET, "/api/v1/imports/\(posted["id"] as? String ?? "")", token: org.adminToken)
            #expect(job["created"] as? Int == 1 && job["rejected"] as? Int == 2, "\(job.text)")
            let reasons = (job["rejected_rows"] as? [[String: Any]] ?? []).map { "\($0["row"]!):\($0["field"]!)" }
            #expect(reasons == ["3:row", "5:row"])
            let ann = try #require(try await app.allCustomers(org.adminToken).first)
            #expect(ann["name"] as? String == "Ann" && ann["notes"] as? String == "first line\r\nsecond line")

            app.importSettings.maxBytes = 1000
            let big = try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken,
                                              bytes: Array(("name\n" + String(repeating: "x,", count: 2000)).utf8))
            big.expectProblem(.payloadTooLarge)
        }
    }

    @Test func explicitMappingAndMultipartUpload() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let mapping = "%7B%22Kunde%22%3A%22name%22%7D"   // {"Kunde":"name"}
            let mapped = try await app.importCSV(org.adminToken, "Kunde,Ort\nAnn,Berlin", query: "mapping=\(mapping)")
            #expect(mapped["created"] as? Int == 1, "\(mapped.text)")
            let body = "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c.csv\"\r\nContent-Type: text/csv\r\n\r\n"
                + "name\nBob\n\r\n--XyZ--\r\n"
            let posted = try await app.sendBytes(.POST, "/api/v1/customers/import", token: org.adminToken, bytes: Array(body.utf8),
                                                 contentType: "multipart/form-data; boundary=XyZ")
            #expect(posted.status == .accepted, "\(posted.text)")
            await app.importJobs.waitUntilIdle()
            #expect(Set(try await app.allCustomers(org.adminToken).compactMap { $0["name"] as? String }) == ["Ann", "Bob"])
            try await app.importCSV(org.adminToken, "a\nb", query: "mapping=nope").expectProblem(.unprocessableEntity, field: "mapping")
            let synonyms = try await app.importCSV(org.adminToken, "  FULL NAME ,Phone Number,e_mail address\nCid,+49 30 555000,cid@example.com",
                                                   query: "dry_run=true")
            #expect(synonyms.status == .ok && synonyms["to_create"] as? Int == 1, "\(synonyms.text)")
            let unmapped = try await app.importCSV(org.adminToken, "Kunde\nAnn", query: "mapping=%7B%22Kunde%22%3A%22nickname%22%7D")
            unmapped.expectProblem(.unprocessableEntity, field: "mapping.Kunde")
        }
    }

    @Test func importsBelongToTheirOrganizationAndRole() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let acme = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            let posted = try await app.sendBytes(.POST, "/api/v1/customers/import", token: acme.adminToken, bytes: Array("name\nAnn".utf8))
            #expect(posted.status == .accepted)
            await app.importJobs.waitUntilIdle()
            try await app.send(.GET, "/api/v1/imports/\(posted["id"] as? String ?? "")", token: other.adminToken).expectProblem(.notFound)
            try await app.send(.GET, "/api/v1/imports/\(UUID())", token: acme.adminToken).expectProblem(.notFound)
            let agent = try await app.createUser(in: acme, role: "agent")
            let guest = try await app.createUser(in: acme, role: "guest")
            for token in [agent.token, guest.token] {
                try await app.sendBytes(.POST, "/api/v1/customers/import", token: token, bytes: Array("name\nX".utf8)).expectProblem(.forbidden)
            }
            #expect(try await app.allCustomers(other.adminToken).isEmpty)
        }
    }
}
