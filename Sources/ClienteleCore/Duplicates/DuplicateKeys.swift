import Foundation

/// The blocking keys of a customer, stored beside it and indexed with its organization first, so that the people who
/// may be the same are found by a few index look-ups — never by reading the organization — and only those are scored.
public struct DuplicateKeys: Sendable, Equatable {
    /// The name's words with nicknames written out, sorted: "Bob Smith", "smith robert", "Dr. Robert Smith" →
    /// "robert smith".
    public var name: String?
    /// Family name and first initial: "J. Smith", "John Smith", "Smith, Jim" → "smith j".
    public var nameInitial: String?
    /// The last nine digits of the national number.
    public var phone: String?
    /// The mailbox the email reaches (see `ContactKeys.email`).
    public var email: String?
    /// `nameInitial` and the bare local part ("smith j|johnsmith"): a similar name with a similar email elsewhere.
    public var nameAndEmailLocal: String?

    public init(name: String?, phone: String?, email: String?) {
        let folded = name.map(FoldedName.init)
        self.name = folded.flatMap { $0.canonical.isEmpty ? nil : $0.canonical.sorted().joined(separator: " ") }
        nameInitial = folded?.familyAndInitial
        self.phone = ContactKeys.phone(phone)
        self.email = ContactKeys.email(email)
        if let nameInitial, let local = ContactKeys.emailLocal(email) {
            nameAndEmailLocal = nameInitial + "|" + local
        }
    }

    /// The values of the `name` key to look up for this person: its own, with its first given name as an initial
    /// ("John Smith" also finds "J. Smith"), and without its middle names ("John Paul Smith" finds "John Smith").
    public static func nameLookups(_ name: String) -> [String] {
        let folded = FoldedName(name)
        let words = folded.canonical
        guard !words.isEmpty else { return [] }
        var keys = [words.sorted().joined(separator: " ")]
        if words.count >= 2, words[0].count >= 2 {
            keys.append(([String(words[0].prefix(1))] + words.dropFirst()).sorted().joined(separator: " "))
        }
        if words.count >= 3 {
            keys.append([words[0], words[words.count - 1]].sorted().joined(separator: " "))
        }
        var seen = Set<String>()
        return keys.filter { seen.insert($0).inserted }
    }

    /// Whether a person's name has an initial among its words: then the `nameInitial` key finds the full names too.
    public static func hasInitial(_ name: String) -> Bool {
        FoldedName(name).words.contains { $0.count == 1 }
    }

    /// The key of an address (see `ContactKeys.address`).
    public static func address(_ address: DuplicateProfile.Address) -> String? {
        ContactKeys.address(line1: address.line1, postalCode: address.postalCode, city: address.city)
    }
}
