import ClienteleCore
@testable import ClienteleStore
import FluentKit
import Foundation
import SQLKit
import Testing

/// A tenant model of the test's own, stored in `notes`.
final class Note: Model, TenantModel, RowInsertable, @unchecked Sendable {
    static let schema = "notes"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "text") var text: String

    init() {}

    init(id: UUID, organizationID: UUID, text: String) {
        self.id = id
        self.organizationID = organizationID
        self.text = text
    }

    func insertRow(at date: Date) -> RowInsert {
        var row = RowInsert(into: Self.schema)
        row.set("id", id)
        row.set("organization_id", organizationID)
        row.set("text", text)
        return row
    }
}

/// Decoded by hand (`RowDecodable`), as the application's hot models are; `Note` takes Fluent's reflection.
final class Pin: Model, TenantModel, RowDecodable, @unchecked Sendable {
    static let schema = "notes"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "text") var text: String

    init() {}

    static func decode(row: any SQLRow) throws -> Pin {
        let pin = Pin()
        let output = RowOutput(row: row)
        try pin.$id.output(from: output)
        try pin.$organizationID.output(from: output)
        try pin.$text.output(from: output)
        return pin
    }
}

/// The tenant scope on a real SQLite file: another organization's row is never found, and is answered like a missing
/// one — the store's own error, which the application's HTTP edge answers as a 404.
@Suite struct TenantTests {
    let acme = Tenant(organizationID: UUID.timeOrdered())
    let globex = Tenant(organizationID: UUID.timeOrdered())

    private func notes(on store: StoreDatabase) async throws -> (acme: [Note], globex: [Note]) {
        try await store.sql.raw("CREATE TABLE notes (id TEXT PRIMARY KEY, organization_id TEXT NOT NULL, text TEXT NOT NULL)").run()
        let ours = (0..<3).map { Note(id: UUID.timeOrdered(), organizationID: acme.organizationID, text: "acme \($0)") }
        let theirs = (0..<2).map { Note(id: UUID.timeOrdered(), organizationID: globex.organizationID, text: "globex \($0)") }
        for note in ours + theirs { try await note.insert(on: store.db, at: Date()) }
        #expect(ours.allSatisfy { $0._$idExists })
        return (ours, theirs)
    }

    @Test func anotherOrganizationsRowIsNotFound() async throws {
        try await withStoreDatabase { store in
            let (ours, theirs) = try await notes(on: store)
            let own = try await acme.require(Note.self, id: ours[1].id!, on: store.db, what: "note")
            #expect(own.text == "acme 1")
            await #expect(throws: TenantRecordNotFound(what: "note")) {
                try await acme.require(Note.self, id: theirs[0].id!, on: store.db, what: "note")
            }
            await #expect(throws: TenantRecordNotFound(what: "note")) {
                try await acme.require(Note.self, id: UUID.timeOrdered(), on: store.db, what: "note")
            }
            #expect(TenantRecordNotFound(what: "note").description == "The note was not found")
            #expect(try await acme.find(Note.self, id: theirs[1].id!, on: store.db) == nil)
            #expect(try await globex.find(Note.self, id: theirs[1].id!, on: store.db)?.text == "globex 1")
        }
    }

    @Test func queriesAndSelectsSeeOnlyTheOrganizationsRows() async throws {
        try await withStoreDatabase { store in
            let (ours, theirs) = try await notes(on: store)
            let queried = try await acme.query(Note.self, on: store.db).sort(\.$text).all()
            #expect(queried.map(\.id) == ours.map(\.id))
            #expect(try await Unscoped.query(Note.self, on: store.db).count() == ours.count + theirs.count)

            // By reflection, and by hand.
            let everything: SQLQueryString = "1 = 1"
            let selected = try await globex.select(Note.self, where: everything, suffix: " ORDER BY text", on: store.db)
            #expect(selected.map(\.id) == theirs.map(\.id))
            let pins = try await globex.select(Pin.self, where: everything, suffix: " ORDER BY text", on: store.db)
            #expect(pins.map(\.id) == theirs.map(\.id) && pins.map(\.text) == theirs.map(\.text))
            // A condition naming another organization's row still finds nothing.
            let stolen = try await acme.select(Pin.self, where: "id = \(bind: theirs[0].id!)", on: store.db, byKey: true)
            #expect(stolen.isEmpty)
        }
    }
}
