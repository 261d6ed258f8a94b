import Foundation

/// What the duplicate rules read of a customer, normalized once: its name's words, its phone, email and address keys.
public struct DuplicateProfile: Sendable {
    /// One address of the customer's address book.
    public struct Address: Sendable, Equatable {
        public var line1: String?
        public var postalCode: String?
        public var city: String?

        public init(line1: String?, postalCode: String?, city: String?) {
            self.line1 = line1
            self.postalCode = postalCode
            self.city = city
        }
    }

    public let name: FoldedName
    public let phoneKey: String?
    public let emailKey: String?
    public let emailLocal: String?
    /// (street line, postal code, city) of each address with a street line.
    let addresses: [(street: String, postal: String?, city: String?)]

    public init(name: String, phone: String? = nil, email: String? = nil, addresses: [Address] = []) {
        self.name = FoldedName(name)
        phoneKey = ContactKeys.phone(phone)
        emailKey = ContactKeys.email(email)
        emailLocal = ContactKeys.emailLocal(email)
        self.addresses = addresses.compactMap { address in
            guard let street = ContactKeys.streetLine(address.line1) else { return nil }
            let city = address.city.map { FoldedName.words(of: FoldedName.fold($0)).joined(separator: " ") }
            return (street, ContactKeys.postalCode(address.postalCode), city?.isEmpty == false ? city : nil)
        }
    }

    /// Whether the two share an address: the same street line, and the same postal code or (either lacking one)
    /// the same city.
    func sharesAddress(with other: DuplicateProfile) -> Bool {
        for mine in addresses {
            for theirs in other.addresses where mine.street == theirs.street {
                if let a = mine.postal, let b = theirs.postal {
                    if a == b { return true }
                } else if let a = mine.city, let b = theirs.city, a == b {
                    return true
                }
            }
        }
        return false
    }
}
