@testable import App
import Foundation
import SQLKit
import Testing
import Vapor

/// `CustomerColumns` is the one list of a customer's columns: it must name exactly the columns the migrations made,
/// show exactly the keys the OpenAPI document promises, and export the columns users' spreadsheets expect.
@Suite struct CustomerColumnsTests {
    /// PostgreSQL's generated columns (`trigram_mask`, migration 0035) are the database's own: never written, never shown.
    @Test func theTableNamesEveryColumnTheMigrationsMade() async throws {
        try await withTestApp { app in
            let sql = try #require(app.db as? any SQLDatabase)
            let rows: [any SQLRow]
            if TestDatabase.isPostgres {
                rows = try await sql.raw("""
                    SELECT column_name AS name FROM information_schema.columns
                    WHERE table_name = 'customers' AND table_schema = current_schema() AND is_generated = 'NEVER'
                    """).all()
            } else {
                rows = try await sql.raw("SELECT name FROM pragma_table_info('customers')").all()
            }
            let stored = Set(try rows.map { try $0.decode(column: "name", as: String.self) })
            #expect(!stored.isEmpty)
            #expect(stored == Set(CustomerColumns.all.map(\.name)))
            #expect(CustomerColumns.all.count == stored.count, "a column is listed twice")
        }
    }

    @Test func theRecordShowsExactlyTheKeysTheOpenAPIDocumentDescribes() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("acme", rootToken: try await app.rootToken())
            let created = try await app.createCustomer(org.adminToken, ["name": "Ann Lee", "email": "ann@example.com"])
            guard case let .object(document) = OpenAPIDocument.build(), case let .object(components)? = document["components"],
                  case let .object(schemas)? = components["schemas"], case let .object(customer)? = schemas["Customer"],
                  case let .object(properties)? = customer["properties"], case let .object(marketing)? = properties["marketing"],
                  case let .object(marketingProperties)? = marketing["properties"]
            else { Issue.record("no Customer schema"); return }
            #expect(Set(created.keys) == Set(properties.keys))
            let shownMarketing = try #require(created["marketing"] as? [String: Any])
            #expect(Set(shownMarketing.keys) == Set(marketingProperties.keys))
        }
    }

    @Test func theExportHasTheColumnsUsersExpectInTheirOrder() {
        #expect(CustomerExportColumns.headers == [
            "name", "first_name", "last_name", "email", "phone", "company", "tags", "status", "created_at", "loyalty_points",
            "visits", "total_orders", "total_spent", "last_order_at", "email_opt_in", "sms_opt_in",
        ])
        #expect(CustomerExportColumns.kinds.enumerated().filter { $0.element == .number }.map { CustomerExportColumns.headers[$0.offset] }
            == ["loyalty_points", "visits", "total_orders", "total_spent"])
    }

    @Test func everyImportHeaderMeansOneFieldAndExportsReadBack() {
        #expect(ImportField.synonyms[ImportField.normalized("E-mail Address")] == .email)
        #expect(ImportField.synonyms[ImportField.normalized("Mobile")] == .phone)
        #expect(ImportField.synonyms[ImportField.normalized("Total Spent")] == .ignore)
        for header in CustomerExportColumns.headers {
            #expect(ImportField.synonyms[ImportField.normalized(header)] != nil, "the export's \(header) is not read back")
        }
        let fields = Set(CustomerColumns.all.compactMap(\.importField))
        // An opening points balance opens the ledger (`adjust`, reason `import`); an address goes to the address book;
        // an opt-out writes the opt-in column; other systems' totals are custom fields: no column of their own takes them.
        let notColumns: Set<ImportField> = [.ignore, .loyaltyPoints, .emailOptOut, .importedTotalSpent, .importedTotalOrders,
                                             .importedLastOrderAt, .importedCurrency]
        #expect(fields == Set(ImportField.allCases.filter { !$0.isAddress }).subtracting(notColumns))
    }

    @Test func onlyNullableOrEmptiableColumnsAreFillable() {
        for column in CustomerColumns.all where column.fillable {
            #expect(column.emptyText != nil || column.isEmpty(Customer(organizationID: UUID(), source: "api")),
                    "a new record must lack \(column.name)")
        }
    }
}
