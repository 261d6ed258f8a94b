@testable import App
import Foundation
import Testing
import Vapor

/// Customer exports of other systems imported unchanged through the API: one sample file per system
/// (`Fixtures/imports/`), a dry run, then the import — records, default addresses, consent, tags, notes and the
/// other system's totals kept as imported history (custom fields), never as orders.
@Suite struct OtherSystemImportTests {
    static func fixture(_ name: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/imports/\(name)")
        return try String(contentsOf: url, encoding: .utf8)
    }

    @Test(arguments: [
        ("shopify_customers_export.csv", "shopify"), ("square_customers_export.csv", "square"),
        ("stripe_customers_export.csv", "stripe"), ("woocommerce_customers_export.csv", "woocommerce"),
        ("hubspot_contacts_export.csv", "hubspot"),
    ])
    func eachSampleIsRecognizedByItsHeader(file: String, system: String) throws {
        let header = try Self.fixture(file).split(separator: "\n").first.map { $0.split(separator: ",").map(String.init) } ?? []
        #expect(ImportSystemProfile.detect(header)?.id == system)
        #expect(try ImportColumnMapping(header: header).system?.id == system)
    }

    @Test func ourOwnExportAndPlainFilesAreNoOtherSystems() {
        #expect(ImportSystemProfile.detect(["name", "email", "phone", "total_spent", "total_orders"]) == nil)
        #expect(ImportSystemProfile.detect(["Full Name", "E-Mail", "Mobile", "Company", "Tags"]) == nil)
    }

    @Test func shopify() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("shop", rootToken: try await app.rootToken(), settings: ["default_country": "US"])
            let known = try await app.createCustomer(org.adminToken, ["name": "Chloe D", "email": "chloe.dubois@example.com"])
            let csv = try Self.fixture("shopify_customers_export.csv")
            let dry = try await app.importCSV(org.adminToken, csv, query: "dry_run=true")
            #expect(dry.status == .ok && dry["rows"] as? Int == 4 && dry["to_create"] as? Int == 3, "\(dry.text)")
            #expect(dry["matching_existing"] as? Int == 1 && dry["rejected"] as? Int == 0, "\(dry.text)")
            #expect(try await app.allCustomers(org.adminToken).count == 1)

            let job = try await app.importCSV(org.adminToken, csv)
            #expect(job["created"] as? Int == 3 && job["updated"] as? Int == 1 && job["rejected"] as? Int == 0, "\(job.text)")
            let zoe = try await app.imported(org.adminToken, email: "zoe@example.com")
            #expect(zoe["name"] as? String == "Zoë Ångström" && zoe["first_name"] as? String == "Zoë")
            #expect(zoe["phone"] as? String == "+14155552671" && zoe["company"] as? String == "Café Ångström")
            #expect(zoe["external_id"] as? String == "7012345678901" && zoe["source"] as? String == "import")
            #expect(zoe["tags"] as? [String] == ["vip", "wholesale"] && zoe["notes"] as? String == "Prefers pickup, not delivery")
            let consent = zoe["marketing"] as? [String: Any] ?? [:]
            #expect(consent["email_opt_in"] as? Bool == true && consent["email_opt_in_source"] as? String == "import")
            #expect(consent["sms_opt_in"] as? Bool == true && consent["sms_opt_in_source"] as? String == "import")
            #expect(zoe["total_orders"] as? Int == 0 && zoe["total_spent"] as? String == "0.00", "no orders are invented")
            let history = zoe["custom_fields"] as? [String: Any] ?? [:]
            #expect(history["imported_from"] as? String == "shopify" && history["imported_total_spent"] as? String == "1234.50")
            #expect(history["imported_total_orders"] as? Int == 7)
            let home = try #require(try await app.addresses(org.adminToken, of: zoe).first)
            #expect(home["is_default"] as? Bool == true && home["line1"] as? String == "12 Rue de l'Église" && home["line2"] as? String == "Apt 3")
            #expect(home["city"] as? String == "Montréal" && home["region"] as? String == "QC" && home["country"] as? String == "CA")
            #expect(home["postal_code"] as? String == "H2X 1Y4" && home["contact_phone"] as? String == "+15145552671")

            let bob = try #require(try await app.allCustomers(org.adminToken).first { $0["name"] as? String == "Bob O'Neil" })
            #expect(bob["email"] is NSNull && bob["phone"] as? String == "+14155552672")
            #expect((bob["marketing"] as? [String: Any])?["email_opt_in"] as? Bool == false)
            #expect(try await app.addresses(org.adminToken, of: bob).isEmpty)

            // The customer who was there already keeps its name, and gets what it lacked: the address, tags, notes.
            let chloe = try await app.imported(org.adminToken, email: "chloe.dubois@example.com")
            #expect(chloe["id"] as? String == known["id"] as? String && chloe["name"] as? String == "Chloe D")
            #expect(chloe["tags"] as? [String] == ["newsletter", "returning"] && chloe["notes"] as? String == "Called twice, wants \"paper\" invoices")
            let office = try #require(try await app.addresses(org.adminToken, of: chloe).first)
            #expect(office["line1"] as? String == "1 Main St, Floor 2" && office["postal_code"] as? String == "02134")
            #expect(office["region"] as? String == "IL" && office["country"] as? String == "US" && office["is_default"] as? Bool == true)
            let nameless = try await app.imported(org.adminToken, email: "nameless@example.com")
            #expect(nameless["name"] as? String == "nameless@example.com")

            let again = try await app.importCSV(org.adminToken, csv)
            #expect(again["created"] as? Int == 0 && again["updated"] as? Int == 0 && again["rejected"] as? Int == 0, "\(again.text)")
            #expect(try await app.addresses(org.adminToken, of: zoe).count == 1)
            #expect(try await app.allCustomers(org.adminToken).count == 4)
        }
    }

    @Test func square() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("sq", rootToken: try await app.rootToken(), settings: ["default_country": "US"])
            let csv = try Self.fixture("square_customers_export.csv")
            let dry = try await app.importCSV(org.adminToken, csv, query: "dry_run=true")
            #expect(dry["rows"] as? Int == 4 && dry["to_create"] as? Int == 3 && dry["rejected"] as? Int == 1, "\(dry.text)")
            let reason = try #require((dry["rejected_rows"] as? [[String: Any]])?.first)
            #expect(reason["row"] as? Int == 5 && reason["field"] as? String == "imported_total_spent", "\(reason)")

            let job = try await app.importCSV(org.adminToken, csv)
            #expect(job["created"] as? Int == 3 && job["rejected"] as? Int == 1, "\(job.text)")
            let jose = try await app.imported(org.adminToken, email: "jose@example.com")
            #expect(jose["name"] as? String == "José Núñez" && jose["phone"] as? String == "+14155552673")
            #expect(jose["company"] as? String == "Núñez & Hijos" && jose["birthday"] as? String == "1985-07-14")
            #expect(jose["notes"] as? String == "Allergic to nuts, prefers oat milk" && jose["tags"] as? [String] == ["Regulars", "Loyalty"])
            #expect(jose["external_id"] as? String == "JD1K2M3N4P5Q6R7S8T9V0W1X2Y")
            #expect((jose["marketing"] as? [String: Any])?["email_opt_in"] as? Bool == true)
            let history = jose["custom_fields"] as? [String: Any] ?? [:]
            #expect(history["imported_total_spent"] as? String == "1234.56" && history["imported_total_orders"] as? Int == 12)
            #expect(history["imported_last_order_at"] as? String == "2024-03-31" && history["imported_from"] as? String == "square")
            #expect(jose["total_orders"] as? Int == 0)
            let shop = try #require(try await app.addresses(org.adminToken, of: jose).first)
            #expect(shop["line1"] as? String == "500 Market St" && shop["line2"] as? String == "Suite 2" && shop["city"] as? String == "San Francisco")
            #expect(shop["region"] as? String == "CA" && shop["postal_code"] as? String == "94105" && shop["country"] as? String == "US")

            let amy = try #require(try await app.allCustomers(org.adminToken).first { $0["name"] as? String == "Amy Lee" })
            #expect(amy["email"] is NSNull && amy["phone"] as? String == "+14155552674")
            #expect((amy["custom_fields"] as? [String: Any])?["imported_total_spent"] as? String == "8.00")
            #expect(try await app.addresses(org.adminToken, of: amy).isEmpty)
            let dan = try await app.imported(org.adminToken, email: "dan@example.com")
            #expect((dan["marketing"] as? [String: Any])?["email_opt_in"] as? Bool == false && dan["tags"] as? [String] == ["Regulars"])
        }
    }

    @Test func stripe() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("st", rootToken: try await app.rootToken(), settings: ["default_country": "US"])
            let csv = try Self.fixture("stripe_customers_export.csv")
            let dry = try await app.importCSV(org.adminToken, csv, query: "dry_run=true")
            #expect(dry["rows"] as? Int == 3 && dry["to_create"] as? Int == 3 && dry["rejected"] as? Int == 0, "\(dry.text)")
            let job = try await app.importCSV(org.adminToken, csv)
            #expect(job["created"] as? Int == 3 && job["rejected"] as? Int == 0, "\(job.text)")
            let maria = try await app.imported(org.adminToken, email: "maria@example.com")
            #expect(maria["name"] as? String == "María Pérez" && maria["external_id"] as? String == "cus_PQ12ab34CD56ef")
            #expect(maria["notes"] as? String == "Annual plan, invoiced" && maria["phone"] as? String == "+14155552675")
            let history = maria["custom_fields"] as? [String: Any] ?? [:]
            #expect(history["imported_total_spent"] as? String == "249.00" && history["imported_total_orders"] as? Int == 3)
            #expect(history["imported_currency"] as? String == "USD" && history["imported_from"] as? String == "stripe")
            let billing = try #require(try await app.addresses(org.adminToken, of: maria).first)
            #expect(billing["line1"] as? String == "1 Infinite Loop" && billing["city"] as? String == "Cupertino" && billing["country"] as? String == "US")
            let anon = try await app.imported(org.adminToken, email: "anon@example.com")
            #expect(anon["name"] as? String == "anon@example.com")
            #expect((anon["custom_fields"] as? [String: Any])?["imported_total_spent"] as? String == "1049.90")
            #expect((anon["custom_fields"] as? [String: Any])?["imported_currency"] as? String == "EUR")
            let li = try await app.imported(org.adminToken, email: "li.wei@example.com")
            let london = try #require(try await app.addresses(org.adminToken, of: li).first)
            #expect(london["line1"] as? String == "10 Downing St, Flat 1" && london["postal_code"] as? String == "SW1A 2AA")
            #expect(london["country"] as? String == "GB" && london["region"] is NSNull)
        }
    }

    @Test func wooCommerce() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("woo", rootToken: try await app.rootToken(), settings: ["default_country": "IT"])
            let csv = try Self.fixture("woocommerce_customers_export.csv")
            let dry = try await app.importCSV(org.adminToken, csv, query: "dry_run=true")
            #expect(dry["rows"] as? Int == 4 && dry["to_create"] as? Int == 4 && dry["rejected"] as? Int == 0, "\(dry.text)")
            let job = try await app.importCSV(org.adminToken, csv)
            #expect(job["created"] as? Int == 4 && job["rejected"] as? Int == 0, "\(job.text)")
            let chiara = try await app.imported(org.adminToken, email: "chiara@example.com")
            #expect(chiara["name"] as? String == "Chiara Bianchi")
            let history = chiara["custom_fields"] as? [String: Any] ?? [:]
            #expect(history["imported_total_orders"] as? Int == 5 && history["imported_total_spent"] as? String == "412.30")
            #expect(history["imported_last_order_at"] as? String == "2024-04-02" && history["imported_from"] as? String == "woocommerce")
            let milano = try #require(try await app.addresses(org.adminToken, of: chiara).first)
            #expect(milano["city"] as? String == "Milano" && milano["region"] as? String == "MI" && milano["postal_code"] as? String == "20121")
            #expect(milano["country"] as? String == "IT" && milano["line1"] as? String == "Milano MI 20121" && milano["is_default"] as? Bool == true)
            let jurgen = try await app.imported(org.adminToken, email: "jurgen@example.com")
            #expect(try await app.addresses(org.adminToken, of: jurgen).first?["country"] as? String == "DE")
            let mario = try await app.imported(org.adminToken, email: "mario.rossi@example.com")
            #expect(mario["name"] as? String == "Rossi, Mario" && (mario["custom_fields"] as? [String: Any])?["imported_total_spent"] as? String == "1250.00")
            let guest = try #require(try await app.allCustomers(org.adminToken).first { $0["name"] as? String == "Guest Buyer" })
            #expect(try await app.addresses(org.adminToken, of: guest).isEmpty)
        }
    }

    @Test func hubSpot() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("hub", rootToken: try await app.rootToken(), settings: ["default_country": "US"])
            let tom = try await app.createCustomer(org.adminToken, ["name": "Tommy", "email": "tom@example.com",
                                                                 "marketing": ["email_opt_in": true], "custom_fields": ["tier": "gold"]])
            let csv = try Self.fixture("hubspot_contacts_export.csv")
            let dry = try await app.importCSV(org.adminToken, csv, query: "dry_run=true&on_match=overwrite")
            #expect(dry["rows"] as? Int == 3 && dry["to_create"] as? Int == 2 && dry["matching_existing"] as? Int == 1, "\(dry.text)")
            let job = try await app.importCSV(org.adminToken, csv, query: "on_match=overwrite")
            #expect(job["created"] as? Int == 2 && job["updated"] as? Int == 1 && job["rejected"] as? Int == 0, "\(job.text)")
            let asa = try await app.imported(org.adminToken, email: "asa@example.com")
            #expect(asa["name"] as? String == "Åsa Lindqvist" && asa["external_id"] as? String == "51234")
            #expect(asa["phone"] as? String == "+14155552676" && asa["company"] as? String == "Nordic AB")
            #expect((asa["marketing"] as? [String: Any])?["email_opt_in"] as? Bool == false, "not unsubscribed is no consent")
            let stockholm = try #require(try await app.addresses(org.adminToken, of: asa).first)
            #expect(stockholm["line1"] as? String == "Drottninggatan 1" && stockholm["postal_code"] as? String == "111 51")
            #expect(stockholm["country"] as? String == "SE")
            // Unsubscribed from all email: the customer who had opted in is opted out, by the import.
            let now = try await app.customer(org.adminToken, tom["id"])
            let consent = now["marketing"] as? [String: Any] ?? [:]
            #expect(consent["email_opt_in"] as? Bool == false && consent["email_opt_in_source"] as? String == "import")
            let fields = now["custom_fields"] as? [String: Any] ?? [:]
            #expect(fields["tier"] as? String == "gold" && fields["imported_from"] as? String == "hubspot", "\(fields)")
            #expect(try await app.addresses(org.adminToken, of: now).isEmpty, "a country alone is no address")
            let ana = try await app.imported(org.adminToken, email: "ana@example.com")
            #expect(ana["company"] as? String == "Silva, Lda")
            #expect(try await app.addresses(org.adminToken, of: ana).first?["country"] as? String == "PT")
        }
    }

    @Test func badCellsAreRejectedRowsNamingTheField() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("bad", rootToken: try await app.rootToken(), settings: ["default_country": "US"])
            let csv = """
                First Name,Last Name,Email,Accepts Email Marketing,Default Address Address1,Default Address Country Code,Total Spent,Total Orders
                Ann,Ok,ann@example.com,yes,1 Main St,US,10.00,1
                Ben,Maybe,ben@example.com,maybe,1 Main St,US,10.00,1
                Cy,Nowhere,cy@example.com,no,1 Main St,Atlantis,10.00,1
                Di,Count,di@example.com,no,,,10.00,many
                """
            for query in ["dry_run=true", ""] {
                let report = try await app.importCSV(org.adminToken, csv, query: query)
                let rejected = (report["rejected_rows"] as? [[String: Any]] ?? []).map { "\($0["row"] ?? ""):\($0["field"] ?? "")" }
                #expect(rejected == ["3:email_opt_in", "4:address.country", "5:imported_total_orders"], "\(report.text)")
            }
            #expect(try await app.allCustomers(org.adminToken).map { $0["name"] as? String } == ["Ann Ok"])
        }
    }
}

private extension Application {
    /// The one customer of the organization with this email.
    func imported(_ token: String, email: String, sourceLocation: SourceLocation = #_sourceLocation) async throws -> [String: Any] {
        let found = try await allCustomers(token).filter { $0["email"] as? String == email }
        return try #require(found.count == 1 ? found.first : nil, "\(email)", sourceLocation: sourceLocation)
    }

    func addresses(_ token: String, of customer: [String: Any]) async throws -> [[String: Any]] {
        try await send(.GET, "/api/v1/customers/\(customer["id"] as? String ?? "")/addresses", token: token).data
    }
}
