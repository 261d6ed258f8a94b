import Fluent
import Foundation

/// Writes timeline entries, in the caller's transaction.
struct CustomerTimeline {
    let database: any Database
    let actor: Actor

    enum EventType: String, CaseIterable {
        case created, updated, statusChanged = "status_changed", marketingChanged = "marketing_changed"
        case orderPlaced = "order_placed", orderLinked = "order_linked"
        case notificationSkipped = "notification_skipped"
        case accountLinked = "account_linked", accountUnlinked = "account_unlinked", accountConflict = "account_conflict"
        case overrideCleared = "override_cleared"
        case merged, mergeUndone = "merge_undone"
    }

    func record(_ type: EventType, customer: Customer, details: [String: JSONValue], at date: Date = Date()) async throws {
        try await write([entry(type, customer: customer, details: details, at: date)])
    }

    /// An entry about the customer `customerID` of `organizationID`, for a writer that holds the ids, not the record.
    func record(_ type: EventType, customerID: UUID, organizationID: UUID, details: [String: JSONValue], at date: Date) async throws {
        let event = CustomerEvent(organizationID: organizationID, customerID: customerID, type: type.rawValue, actor: actor,
                                  details: try Self.detailsJSON(details), at: date)
        event.id = UUID.timeOrdered()
        try await write([event])
    }

    /// Inserts the entries — with the transaction's other deferred writes just before it commits, when it collects them
    /// (`DeferredWrites`): nothing reads a timeline back inside the transaction that writes it.
    private func write(_ entries: [CustomerEvent]) async throws {
        let rows = entries.map { $0.insertRow() }
        if let deferred = DeferredWrites.current, deferred.defersRows {
            deferred.append(rows)
        } else {
            try await RowInsert.run(rows, on: database)
        }
    }

    /// A new entry, not yet written.
    func entry(_ type: EventType, customer: Customer, details: [String: JSONValue], at date: Date) throws -> CustomerEvent {
        try Self.entry(type, customer: customer, details: details, at: date, actor: actor)
    }

    static func entry(_ type: EventType, customer: Customer, details: [String: JSONValue], at date: Date, actor: Actor) throws -> CustomerEvent {
        let json = try detailsJSON(details)
        let event = CustomerEvent(organizationID: customer.organizationID, customerID: try customer.requireID(),
                                  type: type.rawValue, actor: actor, details: json, at: date)
        event.id = UUID.timeOrdered()
        return event
    }

    /// `details` as `JSONEncoder.api` writes them. The `{"fields":[…]}` of a create or an update, written for every
    /// customer an import creates, is written by hand when its field names need no escaping (they never do).
    static func detailsJSON(_ details: [String: JSONValue]) throws -> String {
        if details.count == 1, case let .array(items)? = details["fields"] {
            let names = items.compactMap { item -> String? in
                guard case let .string(name) = item, name.utf8.allSatisfy({ $0 == UInt8(ascii: "_") || (0x30...0x39).contains($0)
                    || (0x61...0x7A).contains($0) }) else { return nil }
                return name
            }
            if names.count == items.count {
                var writer = JSONWriter(capacity: 32 + 16 * names.count)
                writer.beginObject()
                writer.key("fields")
                writer.beginArray()
                for name in names { writer.string(name) }
                writer.endArray()
                writer.endObject()
                return String(decoding: writer.bytes, as: UTF8.self)
            }
        }
        return String(decoding: try JSONEncoder.api.encode(JSONValue.object(details)), as: UTF8.self)
    }

    /// The entries one change produces: the fields, a status move, each consent change with its source.
    func recordChange(_ applied: CustomerChanges.Applied, customer: Customer, created: Bool) async throws {
        try await write(entries(for: applied, customer: customer, created: created, at: Date()))
    }

    /// The entries of `recordChange`, not yet written (an import writes a whole batch's in one statement).
    func entries(for applied: CustomerChanges.Applied, customer: Customer, created: Bool, at now: Date) throws -> [CustomerEvent] {
        try Self.entries(for: applied, customer: customer, created: created, at: now, actor: actor)
    }

    /// The entries of `recordChange` by `actor`, without a database (built ahead of the transaction that writes them).
    static func entries(for applied: CustomerChanges.Applied, customer: Customer, created: Bool, at now: Date,
                        actor: Actor) throws -> [CustomerEvent] {
        try changeEntries(applied, created: created, emailOptInSource: customer.emailOptInSource,
                          smsOptInSource: customer.smsOptInSource, actor: actor)
            .map { try entry($0.type, customer: customer, details: $0.details, at: now, actor: actor) }
    }

    /// The rows of the entries of a new customer built as plain values (what an import writes for each person it
    /// creates), without an entry model each.
    static func rows(for applied: CustomerChanges.Applied, draft: CustomerDraft, at now: Date, actor: Actor) throws -> [RowInsert] {
        try changeEntries(applied, created: true, emailOptInSource: draft.emailOptInSource,
                          smsOptInSource: draft.smsOptInSource, actor: actor)
            .map { try CustomerEvent.insertRow(id: UUID.timeOrdered(), organizationID: draft.organizationID, customerID: draft.id,
                                               type: $0.type.rawValue, actor: actor, details: detailsJSON($0.details), at: now) }
    }

    /// What one change records: the fields, a status move, each consent change with its source.
    private static func changeEntries(_ applied: CustomerChanges.Applied, created: Bool, emailOptInSource: String?,
                                      smsOptInSource: String?, actor: Actor) -> [(type: EventType, details: [String: JSONValue])] {
        var entries: [(type: EventType, details: [String: JSONValue])] = [
            (created ? .created : .updated, ["fields": .array(applied.fields.map(JSONValue.string))]),
        ]
        if let status = applied.statusChange, !created {
            entries.append((.statusChanged, ["from": .string(status.from), "to": .string(status.to)]))
        }
        for consent in applied.consentChanges {
            let source = (consent.channel == "email" ? emailOptInSource : smsOptInSource) ?? actor.source
            entries.append((.marketingChanged, [
                "channel": .string(consent.channel), "opt_in": .bool(consent.optIn), "source": .string(source),
            ]))
        }
        return entries
    }
}
