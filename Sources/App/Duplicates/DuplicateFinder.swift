import ClienteleCore
import Fluent
import FluentPostgresDriver
import Foundation
import SQLKit

/// The customers of the caller's organization, visible to the caller, who look like the same person as `customer`:
/// found by look-ups of its blocking keys (each bounded), then scored; at most five, best first.
struct DuplicateFinder {
    static let maxShown = 5
    /// Rows each look-up reads at most: a very common name cannot make a create slow.
    static let perLookup = 50

    let database: any Database
    let access: CustomerAccess

    /// `hasAddresses`: whether the record may have an address book yet (a record created just now has none).
    func possibleDuplicates(of customer: Customer, hasAddresses: Bool) async throws -> [PossibleDuplicate] {
        let sql = try database.sql
        let organizationID = access.tenant.organizationID
        let selfID = try customer.requireID()
        let candidates = DuplicateCandidates(sql: sql, organizationID: organizationID)
        var ownAddresses: [DuplicateProfile.Address] = []
        if hasAddresses { ownAddresses = try await candidates.addresses(of: [selfID])[selfID] ?? [] }
        let addressKeys = Array(Set(ownAddresses.compactMap(DuplicateKeys.address)))

        // A match needs a shared contact besides a similar name (`DuplicateScorer`): a phone, an email, an email's
        // local part or an address. One look-up per contact finds those who share it; a name alone finds nobody.
        let names = DuplicateKeys.nameLookups(customer.name)
        let initial = DuplicateKeys.hasInitial(customer.name) ? customer.dupNameInitialKey : nil
        guard customer.dupPhoneKey != nil || customer.dupEmailKey != nil || customer.dupEmailLocalKey != nil || !addressKeys.isEmpty
        else { return [] }
        let ids: [UUID]
        if visibility == nil, let postgres = database as? any PostgresDatabase {
            ids = try await DuplicateLookupStatement(
                organizationID: organizationID, selfID: selfID, phoneKey: customer.dupPhoneKey, emailKey: customer.dupEmailKey,
                emailLocalKey: customer.dupEmailLocalKey, perLookup: Self.perLookup, names: names, initial: initial,
                addressKeys: addressKeys
            ).rows(on: postgres)
        } else {
            ids = try await lookUp(customer, selfID: selfID, names: names, initial: initial, addressKeys: addressKeys, on: sql)
        }
        guard !ids.isEmpty else { return [] }

        let me = DuplicateProfile(name: customer.name, phone: customer.phone, email: customer.email, addresses: ownAddresses)
        var found: [PossibleDuplicate] = []
        for (id, candidate) in try await candidates.profiles(ids) where id != selfID {
            let verdict = DuplicateScorer.compare(me, candidate.1)
            if verdict.isMatch { found.append(.init(id: id, name: candidate.0.name, score: verdict.score, reasons: verdict.reasons)) }
        }
        return Array(found.sorted { ($0.score, $1.id.uuidString) > ($1.score, $0.id.uuidString) }.prefix(Self.maxShown))
    }

    /// The look-ups as one query built for this customer's keys (SQLite, and callers who see part of the organization;
    /// PostgreSQL otherwise runs `DuplicateLookupStatement`, the same lanes prepared once).
    private func lookUp(_ customer: Customer, selfID: UUID, names: [String], initial: String?, addressKeys: [String],
                        on sql: any SQLDatabase) async throws -> [UUID] {
        let organizationID = access.tenant.organizationID
        var contacts: [SQLQueryString] = []
        if let key = customer.dupPhoneKey { contacts.append("dup_phone_key = \(bind: key)") }
        if let key = customer.dupEmailKey { contacts.append("dup_email_key = \(bind: key)") }
        if let key = customer.dupEmailLocalKey { contacts.append("dup_email_local_key = \(bind: key)") }

        var lanes: [SQLQueryString] = []
        func lane(_ condition: SQLQueryString) {
            lanes.append("SELECT id FROM customers WHERE organization_id = \(bind: organizationID) AND id <> \(bind: selfID) AND "
                + condition + " LIMIT \(unsafeRaw: String(Self.perLookup))")
        }
        // When more share a contact than a look-up reads (`info@` at many shops), the namesakes among them are still
        // found: the contact's index drives, the name filters (SQLite's unary `+` keeps it off the name's index, which
        // would read every namesake, most of whom share nothing).
        let dialect = SQLDialectKind(database)
        var sameName: SQLQueryString? = nil
        if !names.isEmpty { sameName = dialect.byKey("dup_name_key") + " IN (\(binds: names))" }
        if let initial {
            let byInitial: SQLQueryString = dialect.byKey("dup_name_initial_key") + " = \(bind: initial)"
            sameName = sameName.map { "(" + $0 + " OR " + byInitial + ")" } ?? byInitial
        }
        for contact in contacts {
            lane(contact)
            if let sameName { lane(contact + " AND " + sameName) }
        }
        if !addressKeys.isEmpty {
            lanes.append("""
                SELECT customer_id AS id FROM addresses WHERE organization_id = \(bind: organizationID)
                AND dup_key IN (\(binds: addressKeys)) AND customer_id <> \(bind: selfID) LIMIT \(unsafeRaw: String(Self.perLookup))
                """)
        }
        var union = SQLQueryString("")
        for (index, lane) in lanes.enumerated() {
            union = union + (index == 0 ? "" : " UNION ") + "SELECT id FROM (" + lane + ") AS \(unsafeRaw: "lane\(index)")"
        }
        var query = "SELECT id FROM customers WHERE " + SQLDialectKind(database).byKey() + " = \(bind: organizationID) AND id IN ("
            + union + ")"
        if let visible = visibility { query = query + " AND " + visible }
        return try await SQLRows.all(query, on: sql).map { try $0.decode(column: "id", as: UUID.self) }
    }

    /// What the caller may see beyond its organization: a guest user its managed customers, an agent those of its tasks.
    private var visibility: SQLQueryString? {
        if let managedByOnly = access.managedByOnly { return "customers.managed_by_id = \(bind: managedByOnly)" }
        if access.isAgent { return access.assignedToAgent }
        return nil
    }
}
