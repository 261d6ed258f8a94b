@testable import App
import Testing
import Vapor

@Suite struct CustomerPhoneTests {
    @Test(arguments: [
        ("US", "(415) 555-2671", "+14155552671"),
        ("GB", "020 7946 0958", "+442079460958"),
        ("DE", "030 901820", "+4930901820"),
        ("FR", "06 12 34 56 78", "+33612345678"),
        ("IN", "098765 43210", "+919876543210"),
        ("BR", "(11) 96123-4567", "+5511961234567"),
        ("JP", "03-1234-5678", "+81312345678"),
    ])
    func phonesAreReadWithTheOrganizationsDefaultCountry(country: String, written: String, e164: String) async throws {
        try await withTestApp { app in
            let slug = "org-\(country.lowercased())"
            let org = try await app.createOrganization(slug, rootToken: try await app.rootToken(), settings: ["default_country": country])
            let customer = try await app.createCustomer(org.adminToken, ["name": "Local", "phone": written])
            #expect(customer["phone"] as? String == e164)
            let foreign = try await app.createCustomer(org.adminToken, ["name": "Abroad", "phone": "+1 (415) 555-0199"])
            #expect(foreign["phone"] as? String == "+14155550199")
        }
    }

    @Test func aNumberThatCannotBeValidInItsCountryIs422() async throws {
        try await withTestApp { app in
            let org = try await app.createOrganization("gb", rootToken: try await app.rootToken(), settings: ["default_country": "GB"])
            for bad in ["020 7946", "0999 999 9999", "+44 1", "+999 1234 5678"] {
                let response = try await app.send(.POST, "/api/v1/customers", token: org.adminToken, json: ["name": "X", "phone": bad])
                response.expectProblem(.unprocessableEntity, field: "phone")
            }
        }
    }

    @Test func demoDataPhonesAreValidNumbersOfTheirCountries() throws {
        for country in DemoPeople.countries {
            for index in [0, 1, 7, 999, 123_456] {
                let phone = country.phone(index)
                #expect(try PhoneNumber.normalize(phone, defaultRegion: country.code).get() == phone, "\(country.code) \(phone)")
            }
        }
    }
}
