@testable import App
import CSV
import Foundation
import Testing
import Vapor

@Suite struct CustomerExportTests {
    func rows(_ csv: String) throws -> [[String]] {
        let reader = try CSVReader(string: csv)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows
    }

    @Test func csvExportQuotesTextAndNeutralizesFormulas() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken(), settings: ["default_country": "DE"])
            try await app.createCustomer(org.adminToken, ["name": "Smith, \"Jo\"", "email": "jo@example.com", "tags": ["vip", "north"],
                                                         "notes": "line one\nline two", "company": "=HYPERLINK(\"x\")"])
            try await app.createCustomer(org.adminToken, ["name": "Ярослава Ёлкина", "phone": "+49 30 1234567", "company": "@risk"])
            let response = try await app.send(.GET, "/api/v1/customers/export.csv?sort=name", token: org.adminToken)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.contentType.hasPrefix("text/csv"))
            #expect(!response.text.hasPrefix("\u{FEFF}"))
            let table = try rows(response.text)
            #expect(table.first == CustomerExportColumns.headers)
            #expect(table.count == 3)
            let jo = try #require(table.first { $0[0] == "Smith, \"Jo\"" })
            #expect(jo[3] == "jo@example.com")
            #expect(jo[5] == "'=HYPERLINK(\"x\")")
            #expect(jo[6] == "vip, north")
            #expect(jo[7] == "active")
            let ya = try #require(table.first { $0[0] == "Ярослава Ёлкина" })
            #expect(ya[4] == "'+49301234567")
            #expect(ya[5] == "'@risk")
            #expect(response.text.contains("\r\n"))
        }
    }

    @Test func csvExportAppliesTheListFiltersAndTheByteOrderMarkOption() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await app.createCustomer(org.adminToken, ["name": "Ann Archer", "status": "active"])
            try await app.createCustomer(org.adminToken, ["name": "Bob Baker", "status": "blocked"])
            let blocked = try await app.send(.GET, "/api/v1/customers/export.csv?status=blocked&bom=true", token: org.adminToken)
            #expect(blocked.status == .ok)
            #expect(blocked.text.hasPrefix("\u{FEFF}"))
            let table = try rows(String(blocked.text.dropFirst()))
            #expect(table.map { $0[0] } == ["name", "Bob Baker"])
            let searched = try rows(try await app.send(.GET, "/api/v1/customers/export.csv?q=archer", token: org.adminToken).text)
            #expect(searched.map { $0[0] } == ["name", "Ann Archer"])
            let invalid = try await app.send(.GET, "/api/v1/customers/export.csv?status=nope", token: org.adminToken)
            invalid.expectProblem(.unprocessableEntity, field: "status")
        }
    }

    @Test func exportWalksEveryChunkOfFiveHundred() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let csv = "name\n" + (1...1203).map { "Person \($0)" }.joined(separator: "\n")
            let job = try await app.importCSV(org.adminToken, csv)
            #expect(job["created"] as? Int == 1203, "\(job.text)")
            let table = try rows(try await app.send(.GET, "/api/v1/customers/export.csv", token: org.adminToken).text)
            #expect(table.count == 1204)
            #expect(Set(table.dropFirst().map { $0[0] }).count == 1203)
        }
    }

    @Test func xlsxExportIsAZippedWorkbook() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            try await app.createCustomer(org.adminToken, ["name": "Ann <&> Archer", "email": "ann@example.com"])
            let response = try await app.send(.GET, "/api/v1/customers/export.xlsx", token: org.adminToken)
            #expect(response.status == .ok)
            #expect(response.contentType.hasPrefix("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
            #expect(response.headers.first(name: .contentDisposition)?.contains("customers.xlsx") == true)
            // A ZIP archive starts with a local file header.
            #expect(response.text.utf8.prefix(4).elementsEqual([0x50, 0x4B, 0x03, 0x04]))
        }
    }

    @Test func onlyAdminsAndDispatchersExportAndEachOrganizationOnlyItsOwn() async throws {
        try await withTestApp { app in
            let root = try await app.rootToken()
            let acme = try await app.createOrganization("acme", rootToken: root)
            let other = try await app.createOrganization("other", rootToken: root)
            try await app.createCustomer(other.adminToken, ["name": "Secret Person"])
            let dispatcher = try await app.createUser(in: acme, role: "dispatcher")
            let agent = try await app.createUser(in: acme, role: "agent")
            let guest = try await app.createUser(in: acme, role: "guest")
            let mine = try await app.send(.GET, "/api/v1/customers/export.csv", token: dispatcher.token)
            #expect(mine.status == .ok)
            #expect(!mine.text.contains("Secret Person"))
            for token in [agent.token, guest.token] {
                try await app.send(.GET, "/api/v1/customers/export.csv", token: token).expectProblem(.forbidden)
                try await app.send(.GET, "/api/v1/customers/export.xlsx", token: token).expectProblem(.forbidden)
            }
            try await app.send(.GET, "/api/v1/customers/export.csv").expectProblem(.unauthorized)
        }
    }
}
