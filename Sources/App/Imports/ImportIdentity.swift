/// How an import recognizes a person: the normalized phone, else the normalized email; a row with neither
/// is recognized by its name among customers that have neither either.
struct ImportIdentity: Sendable {
    let phone: String?
    let email: String?
    let nameKey: String?

    init(_ changes: CustomerChanges) {
        phone = changes.phone ?? nil
        email = changes.email ?? nil
        nameKey = (phone == nil && email == nil) ? changes.name.map(CustomerRules.nameKey) : nil
    }

    /// The keys a row is known by inside one file.
    var keys: [(key: String, by: String)] {
        var keys: [(String, String)] = []
        if let phone { keys.append(("p:" + phone, "phone")) }
        if let email { keys.append(("e:" + email, "email")) }
        if let nameKey { keys.append(("n:" + nameKey, "name")) }
        return keys
    }
}
