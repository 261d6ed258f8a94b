import Fluent
import Foundation

/// The address columns of an import row (street, city, region, postal code, country, phone at the address): the
/// default address of a customer the row creates, or the first address of a matched customer whose book is empty.
/// A country may be written as a code or an English name; a file with no street line (WooCommerce) gets the place
/// itself as line 1, since an address needs one.
struct ImportedAddress: Sendable {
    private(set) var input = Address.Input()

    /// Whether the row has an address at all: a country alone is not one.
    var isEmpty: Bool {
        input.line1.isAbsent && input.line2.isAbsent && input.city.isAbsent && input.region.isAbsent && input.postalCode.isAbsent
    }

    mutating func set(_ field: ImportField, _ value: String) {
        switch field {
        case .addressLine1: input.line1 = .value(value)
        case .addressLine2: input.line2 = .value(value)
        case .addressCity: input.city = .value(value)
        case .addressRegion: input.region = .value(value)
        case .addressPostalCode: input.postalCode = .value(value)
        case .addressCountry: input.country = .value(Self.countryCode(value) ?? value)
        case .addressPhone: input.contactPhone = .value(value)
        default: break
        }
    }

    /// The address checked as the address book checks one, its problems named `address.<field>`.
    func validated(organizationID: UUID, customerID: UUID, defaultCountry: String) throws -> Address {
        let input = completed
        let address = Address(organizationID: organizationID, customerID: customerID)
        do {
            try AddressInputValidator(defaultCountry: defaultCountry, isCreate: true).apply(input, to: address)
        } catch let problem as Problem {
            throw Problem.validation((problem.errors ?? []).map { .init(field: "address.\($0.field)", message: $0.message) })
        }
        return address
    }

    /// The input with a line 1: the place itself (and as the one-line form, not twice) when the file has no street.
    private var completed: Address.Input {
        var input = self.input
        guard input.line1.isAbsent else { return input }
        let place = [input.city.value, input.region.value, input.postalCode.value].compactMap { $0 }.joined(separator: " ")
        input.line1 = .value(place)
        input.formatted = .value([place, input.country.value].compactMap { $0 }.joined(separator: ", "))
        return input
    }

    /// The rows a new customer's default address is written with, beside the customer's own.
    func row(organizationID: UUID, customerID: UUID, defaultCountry: String, at date: Date) throws -> RowInsert {
        let address = try validated(organizationID: organizationID, customerID: customerID, defaultCountry: defaultCountry)
        address.isDefault = true
        return address.insertRow(at: date)
    }

    /// Adds the address to a stored customer whose address book is empty (it becomes the default); one with addresses
    /// keeps them as they are.
    @discardableResult
    func add(to customer: Customer, service: CustomerService) async throws -> Bool {
        let id = try customer.requireID()
        let book = AddressBook(database: service.database, tenant: service.tenant, defaultCountry: service.organization.defaultCountry)
        _ = try validated(organizationID: customer.organizationID, customerID: id, defaultCountry: book.defaultCountry)
        guard try await service.tenant.query(Address.self, on: service.database).filter(\.$customerID == id).count() == 0 else { return false }
        _ = try await book.add(completed, to: customer)
        return true
    }

    /// "DE", "de", "Germany", "United States (US)", "USA" → an ISO 3166-1 alpha-2 code; nil when unknown.
    static func countryCode(_ text: String) -> String? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.count == 2, CountryCode.isValid(trimmed.uppercased()) { return trimmed.uppercased() }
        if trimmed.hasSuffix(")"), let open = trimmed.lastIndex(of: "(") {
            let code = trimmed[trimmed.index(after: open)..<trimmed.index(before: trimmed.endIndex)].uppercased()
            if CountryCode.isValid(code) { return code }
        }
        let key = ImportField.normalized(trimmed)
        if let alias = aliases[key] { return alias }
        return byEnglishName[key]
    }

    private static let aliases = ["usa": "US", "unitedstatesofamerica": "US", "uk": "GB", "greatbritain": "GB", "england": "GB"]

    private static let byEnglishName: [String: String] = {
        let english = Locale(identifier: "en_US")
        var table: [String: String] = [:]
        for code in CountryCode.all {
            if let name = english.localizedString(forRegionCode: code) { table[ImportField.normalized(name)] = code }
        }
        return table
    }()
}
