import Fluent
import Foundation

/// Applies a batch of imported rows in the batch's transaction with the rules of `ImportRowApplier`, row after
/// row in file order, but with the database work gathered: the batch's possible matches are read in one query, and
/// its new customers are written together (`CustomerBulkInsert`) — before any later row of the batch that matches
/// one of them is applied to it. A caller whose view of the organization is restricted (a guest user) gets the
/// row-by-row path.
struct ImportBatchApplier {
    let service: CustomerService
    let policy: ImportMatchPolicy
    /// People erased since the import started: their rows are skipped.
    var erased: ImportErasures = .none
    /// Told which stored customers the batch may match, once they are read (nil: the rows are matched one by one, as
    /// they are applied). It answers true when it then waited for the batch written beside this one to end
    /// (`ImportBatchPipeline`): that batch may have changed or created them, so they are read again.
    var onMatches: (@Sendable (_ storedIDs: Set<UUID>?) async throws -> Bool)? = nil

    /// One outcome per row, nil for a blank row.
    func apply(_ rows: [ImportRow]) async throws -> [ImportRowApplier.Outcome?] {
        let single = ImportRowApplier(service: service, policy: policy)
        guard rows.count > 1, service.access.seesWholeOrganization else {
            _ = try await onMatches?(nil)
            var outcomes: [ImportRowApplier.Outcome?] = []
            let validator = service.validator(isCreate: true)
            for row in rows {
                if !erased.hashes.isEmpty, let input = row.input, let changes = try? validator.validate(input), erased.contains(changes) {
                    outcomes.append(.rejected([ImportErasures.rejection(row: row.number)]))
                    continue
                }
                outcomes.append(row.isBlank ? nil : try await single.apply(row))
            }
            return outcomes
        }
        var outcomes = [ImportRowApplier.Outcome?](repeating: nil, count: rows.count)
        var valid: [(index: Int, changes: CustomerChanges)] = []
        let validator = service.validator(isCreate: true)
        for (index, row) in rows.enumerated() where !row.isBlank {
            guard let input = row.input else {
                outcomes[index] = .rejected(row.rejections)
                continue
            }
            do {
                let changes = try row.validated?.get() ?? validator.validate(input)
                _ = try row.address?.validated(organizationID: service.tenant.organizationID, customerID: UUID(),
                                               defaultCountry: service.organization.defaultCountry)
                if erased.contains(changes) {
                    outcomes[index] = .rejected([ImportErasures.rejection(row: row.number)])
                    continue
                }
                valid.append((index, changes))
            } catch let problem as Problem where (400..<500).contains(problem.status.code) {
                outcomes[index] = .rejected(ImportRejection.from(problem, row: row.number))
            }
        }
        let identities = valid.map { ImportIdentity($0.changes) }
        var known = try await ImportKnownCustomers.load(identities,
                                                       organizationID: service.tenant.organizationID, on: service.database)
        while let onMatches, try await onMatches(known.storedIDs) {
            known = try await ImportKnownCustomers.load(identities, organizationID: service.tenant.organizationID, on: service.database)
        }
        // The contacts guest orders carry among all the batch could save, read once: a matched customer's save then
        // looks for guest orders to link only when it has one of them (two queries per saved row before).
        var linking = service
        linking.guestContacts = try await GuestOrderLinking.contactsWithGuestOrders(
            emails: known.storedEmails.union(identities.compactMap(\.email)), phones: known.storedPhones.union(identities.compactMap(\.phone)),
            organizationID: service.tenant.organizationID, on: service.database)
        let saving = ImportRowApplier(service: linking, policy: policy)
        var bulk = CustomerBulkInsert(database: service.database, organization: service.organization, actor: service.actor)
        bulk.guestContacts = linking.guestContacts
        var pending: [CustomerBulkInsert.Item] = []
        var pendingIDs = Set<UUID>()
        // PostgreSQL: the matched customers' saves are written together, at the batch's end (`CustomerUpdateBatch`).
        let saves = SQLDialectKind(service.database) == .postgres ? CustomerUpdateBatch(organizationID: service.tenant.organizationID) : nil
        for (index, changes) in valid {
            if var entry = known.match(ImportIdentity(changes)) {
                if entry.isNew {
                    // A person this batch creates, named again: write the batch's new customers if this one is among
                    // them, then change the record as stored (its sequence number and version come from the database).
                    if pendingIDs.contains(entry.id) {
                        try await bulk.run(pending)
                        pending.removeAll()
                        pendingIDs.removeAll()
                    }
                    known.remove(entry)
                    entry = ImportKnownCustomers.Entry(try await service.access.require(entry.id, on: service.database))
                    known.add(entry)
                }
                if policy == .fill, rows[index].address == nil, try !CustomerIntake.fillWouldChange(changes, lacks: entry.lacks) {
                    // What filling answers when the record lacks nothing this row offers, without decoding it.
                    outcomes[index] = .unchanged
                    continue
                }
                let existing = try entry.customer()
                let address = rows[index].address
                if let saves, address != nil || saves.holds(entry.id) {
                    // The saves so far go first: an address is added to the record as stored, and a second save of one
                    // customer expects the version the first wrote.
                    try await saves.write(on: service.database)
                }
                known.remove(entry)
                defer { known.add(existing) }
                do {
                    outcomes[index] = try await CustomerUpdateBatch.$current.withValue(address == nil ? saves : nil) {
                        try await saving.update(existing, with: changes, address: address)
                    }
                } catch let problem as Problem where (400..<500).contains(problem.status.code) {
                    // Refused before its save was collected: inside a transaction the service checks every rule
                    // first (`CustomerUniqueness.guarding`), and what follows the save (tags, timeline, guest
                    // orders) fails only with database errors. Even one `guarding` reports as a 409 (a refused
                    // constraint) has aborted PostgreSQL's transaction, so the whole batch fails and is applied again.
                    outcomes[index] = .rejected(ImportRejection.from(problem, row: rows[index].number))
                }
            } else {
                var new = try rows[index].prepared ?? bulk.item(
                    for: changes, source: rows[index].input?.source.value ?? service.actor.source, at: Date(),
                    for: SQLDialectKind(service.database))
                new.openingPoints = rows[index].openingPoints ?? 0
                if let address = rows[index].address {
                    new.rows.addresses = [try address.row(organizationID: service.tenant.organizationID, customerID: new.id,
                                                          defaultCountry: service.organization.defaultCountry, at: Date())]
                }
                pending.append(new)
                pendingIDs.insert(new.id)
                known.add(new)
                outcomes[index] = .created
            }
        }
        try await bulk.run(pending)
        try await saves?.write(on: service.database)
        return outcomes
    }
}
