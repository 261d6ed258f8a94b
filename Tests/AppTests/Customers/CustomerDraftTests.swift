@testable import App
import Foundation
import SQLiteNIO
import Testing

/// An import builds its new customers as plain values (`CustomerDraft`); what they write must be what the model writes.
@Suite struct CustomerDraftTests {
    private static let organizationID = UUID.timeOrdered()
    private static let now = Date(timeIntervalSince1970: 1_795_478_400.25)
    private static let actor = Actor(userID: UUID.timeOrdered(), name: "Ada Admin", source: "import")

    private static var changes: [CustomerChanges] {
        var minimal = CustomerChanges()
        minimal.name = "Ann"
        var full = CustomerChanges()
        full.name = "  Zoë Ångström-Łukasiewicz "
        full.firstName = .some("Zoë")
        full.lastName = .some("Ångström")
        full.company = .some("Ång & Co, \"Ltd\"")
        full.email = .some("zoe@example.com")
        full.phone = .some("+493012345678")
        full.birthday = .some("1990-02-28")
        full.timezone = .some("Europe/Berlin")
        full.preferredLanguage = "de"
        full.preferredContactMethod = "sms"
        full.bestTimeToCall = .some("evenings")
        full.notes = .some("line one\nline two")
        full.tags = ["vip", "north"]
        full.customFieldsJSON = #"{"floor":3}"#
        full.externalID = .some("EXT-9")
        full.status = "blocked"
        full.emailOptIn = true
        full.smsOptIn = true
        full.consentSource = "paper form"
        full.namesValidated = true
        full.managedByID = .some(UUID.timeOrdered())
        var cleared = full
        cleared.firstName = .some(nil)
        cleared.emailOptIn = false
        return [minimal, full, cleared]
    }

    @Test func aDraftWritesTheRowTheModelWrites() throws {
        for changes in Self.changes {
            for uniqueNames in [false, true] {
                var draft = CustomerDraft(organizationID: Self.organizationID, source: "import")
                let draftApplied = changes.apply(to: &draft, at: Self.now, source: "import")
                draft.uniqueNameKey = uniqueNames ? draft.nameKey : nil

                let customer = Customer(organizationID: Self.organizationID, source: "import")
                customer.id = draft.id
                customer.name = ""
                customer.nameKey = ""
                customer.searchName = ""
                let applied = changes.apply(to: customer, at: Self.now, source: "import")
                customer.uniqueNameKey = uniqueNames ? customer.nameKey : nil
                #expect(draftApplied.fields == applied.fields)
                #expect(draftApplied.consentChanges.map(\.channel) == applied.consentChanges.map(\.channel))

                var expected = customer.insertRow(at: Self.now)
                try expected.prepareForSQLite()
                let typed = try draft.insertRow(at: Self.now, for: .sqlite)
                #expect(typed.table == expected.table)
                #expect(typed.columns == expected.columns)
                #expect(typed.sqliteValues == expected.sqliteValues)
                // Typed for PostgreSQL: the cells the model's values bind as.
                var model = customer.insertRow(at: Self.now)
                try model.prepare(for: .postgres)
                let postgres = try draft.insertRow(at: Self.now, for: .postgres)
                #expect(postgres.table == model.table)
                #expect(postgres.columns == model.columns)
                #expect(model.postgresValues != nil)
                #expect(postgres.postgresValues == model.postgresValues)

                // Its timeline entries are the model's, but for their own ids.
                let rows = try CustomerTimeline.rows(for: draftApplied, draft: draft, at: Self.now, actor: Self.actor)
                let entries = try CustomerTimeline.entries(for: applied, customer: customer, created: true, at: Self.now, actor: Self.actor)
                    .map { $0.insertRow() }
                #expect(rows.count == entries.count)
                for (row, entry) in zip(rows, entries) {
                    var row = row, entry = entry
                    try row.prepareForSQLite()
                    try entry.prepareForSQLite()
                    #expect(row.columns == entry.columns && row.columns.first == "id")
                    #expect(row.sqliteValues?.dropFirst() == entry.sqliteValues?.dropFirst())
                }
            }
        }
    }
}
