import Fluent
import Foundation
import SQLiteNIO
import SQLKit

/// One stored column of a customer, and everything the code does with it: its JSON key in the public record, which
/// change writes it, whether intake may fill it, whether an account's profile flows into it, its export column and
/// its import headers — with the accessors that row decoding, inserts, updates, the JSON writer and exports use.
/// The table of them is `CustomerColumns.all`; each entry is made by one of the typed constructors below, from the
/// model's property (`\.$email`) and the draft's (`\.email`).
final class CustomerColumn: Sendable {
    /// The column's name in `customers`.
    let name: String
    /// The type the migration gave it (SQLite / PostgreSQL spelling).
    let sqlType: String
    /// Its key in the public record; a dot nests it (`marketing.email_opt_in`). Nil: not shown.
    let json: String?
    /// The field name `CustomerChanges.apply` reports when a change writes this column; nil: no change writes it.
    let changedBy: String?
    /// Intake and imports fill it when the record holds nothing in it (`CustomerIntake.fill`).
    let fillable: Bool
    /// A customer account's profile flows into it (customer accounts).
    let inherited: Bool
    /// The column of customer exports; nil: not exported.
    let export: Export?
    /// The import field a file column fills it through, and the headers (beyond its name) that mean it.
    let importField: ImportField?
    let importHeaders: [String]
    /// What "holds nothing" is for a column that is never NULL (`[]` for tags); nil: NULL.
    let emptyText: String?

    struct Export: Sendable {
        enum Kind: Sendable { case text, number }
        let header: String
        let kind: Kind
        /// The cell's text, read straight from a row that selected this column.
        let text: @Sendable (any SQLRow) throws -> String
    }

    let decode: @Sendable (Customer, RowOutput) throws -> Void
    let value: @Sendable (Customer) -> any Encodable & Sendable
    /// The value a new customer's draft inserts, typed for SQLite; `stamp` is its creation time.
    let draftValue: @Sendable (CustomerDraft, _ stamp: SQLiteData) -> SQLiteData
    /// The same typed for PostgreSQL; `date` is its creation time.
    let draftPostgresValue: @Sendable (CustomerDraft, _ date: Date) -> PostgresCell
    let writeJSON: @Sendable (Customer, inout JSONWriter) -> Void
    let isEmpty: @Sendable (Customer) -> Bool
    /// Whether the column is written by an insert (`seq` is the database's).
    let inserted: Bool

    init(
        name: String,
        sqlType: String,
        json: String?,
        changedBy: String?,
        fillable: Bool,
        inherited: Bool,
        export: Export?,
        importField: ImportField?,
        importHeaders: [String],
        emptyText: String?,
        decode: @escaping @Sendable (Customer, RowOutput) throws -> Void,
        value: @escaping @Sendable (Customer) -> any Encodable & Sendable,
        draftValue: @escaping @Sendable (CustomerDraft, _ stamp: SQLiteData) -> SQLiteData,
        draftPostgresValue: @escaping @Sendable (CustomerDraft, _ date: Date) -> PostgresCell,
        writeJSON: @escaping @Sendable (Customer, inout JSONWriter) -> Void,
        isEmpty: @escaping @Sendable (Customer) -> Bool,
        inserted: Bool
    ) {
        self.name = name
        self.sqlType = sqlType
        self.json = json
        self.changedBy = changedBy
        self.fillable = fillable
        self.inherited = inherited
        self.export = export
        self.importField = importField
        self.importHeaders = importHeaders
        self.emptyText = emptyText
        self.decode = decode
        self.value = value
        self.draftValue = draftValue
        self.draftPostgresValue = draftPostgresValue
        self.writeJSON = writeJSON
        self.isEmpty = isEmpty
        self.inserted = inserted
    }
}

/// A value a customer column holds, as SQLite stores it and as the public JSON shows it.
protocol CustomerColumnValue: Codable, Sendable {
    var sqliteValue: SQLiteData { get }
    var postgresValue: PostgresCell { get }
    func write(to json: inout JSONWriter)
    var isNull: Bool { get }
    /// The text of an export cell.
    var exportText: String { get }
}

extension CustomerColumnValue {
    var isNull: Bool { false }
}

extension String: CustomerColumnValue {
    var sqliteValue: SQLiteData { .text(self) }
    var postgresValue: PostgresCell { .text(self) }
    func write(to json: inout JSONWriter) { json.string(self) }
    var exportText: String { self }
}

extension Int: CustomerColumnValue {
    var sqliteValue: SQLiteData { .integer(self) }
    var postgresValue: PostgresCell { .integer(self) }
    func write(to json: inout JSONWriter) { json.int(self) }
    var exportText: String { String(self) }
}

extension Int64: CustomerColumnValue {
    var sqliteValue: SQLiteData { .integer(Int(self)) }
    var postgresValue: PostgresCell { .integer(Int(self)) }
    func write(to json: inout JSONWriter) { json.int(Int(self)) }
    var exportText: String { String(self) }
}

extension Bool: CustomerColumnValue {
    var sqliteValue: SQLiteData { .integer(self ? 1 : 0) }
    var postgresValue: PostgresCell { .bool(self) }
    func write(to json: inout JSONWriter) { json.bool(self) }
    var exportText: String { String(self) }
}

extension UUID: CustomerColumnValue {
    var sqliteValue: SQLiteData { .text(hexString) }
    var postgresValue: PostgresCell { .uuid(self) }
    func write(to json: inout JSONWriter) { json.uuid(self) }
    var exportText: String { canonicalString }
}

extension Date: CustomerColumnValue {
    var sqliteValue: SQLiteData { sqliteData ?? .null }
    var postgresValue: PostgresCell { .timestamp(self) }
    func write(to json: inout JSONWriter) { json.date(self) }
    var exportText: String { RFC3339.string(self) }
}

extension Optional: CustomerColumnValue where Wrapped: CustomerColumnValue {
    var sqliteValue: SQLiteData { self?.sqliteValue ?? .null }
    var postgresValue: PostgresCell { self?.postgresValue ?? .null }
    func write(to json: inout JSONWriter) {
        if let self { self.write(to: &json) } else { json.null() }
    }
    var isNull: Bool { self == nil }
    var exportText: String { self?.exportText ?? "" }
}

/// How a column's value reaches a new customer's draft row.
enum CustomerDraftSource<Value: CustomerColumnValue>: Sendable {
    /// The draft's own property.
    case property(@Sendable (CustomerDraft) -> Value)
    /// The same for every new customer (a total that starts at zero).
    case constant(Value)
    /// The moment it is created.
    case stamp
}

extension CustomerColumn {
    /// How the public JSON shows a value: as it is, a JSON text written as JSON (tags, custom fields), or minor units
    /// of money as a decimal string.
    enum JSONStyle: Sendable { case value, rawJSON, money, accountLink }

    typealias ExportSpec = (header: String, kind: Export.Kind)

    /// The record's id.
    @inline(__always)
    static func id(_ property: @escaping @Sendable (Customer) -> IDProperty<Customer, UUID>, draft: @escaping @Sendable (CustomerDraft) -> UUID,
                   json: String) -> CustomerColumn {
        make("id", "uuid", decode: { try property($0).output(from: $1) }, read: { property($0).wrappedValue },
             draft: { row, _ in draft(row).sqliteValue }, draftPostgres: { row, _ in .uuid(draft(row)) }, json: json)
    }

    /// A column backed by a required model field.
    @inline(__always)
    static func field<Value: CustomerColumnValue>(
        _ name: String, _ sqlType: String, _ property: @escaping @Sendable (Customer) -> FieldProperty<Customer, Value>,
        draft: CustomerDraftSource<Value>, json: String? = nil, style: JSONStyle = .value, changedBy: String? = nil,
        fillable: Bool = false, inherited: Bool = false, export: ExportSpec? = nil,
        exportText: (@Sendable (Value) -> String)? = nil, importField: ImportField? = nil, importHeaders: [String] = [],
        emptyText: String? = nil
    ) -> CustomerColumn {
        make(name, sqlType, decode: { try property($0).output(from: $1) }, read: { property($0).wrappedValue },
             draft: draft.value, draftPostgres: draft.postgresValue,
             json: json, style: style, changedBy: changedBy, fillable: fillable, inherited: inherited,
             export: export, exportText: exportText, importField: importField, importHeaders: importHeaders, emptyText: emptyText)
    }

    /// A column backed by an optional model field.
    @inline(__always)
    static func optional<Wrapped: CustomerColumnValue>(
        _ name: String, _ sqlType: String, _ property: @escaping @Sendable (Customer) -> OptionalFieldProperty<Customer, Wrapped>,
        draft: CustomerDraftSource<Wrapped?>, json: String? = nil, changedBy: String? = nil, fillable: Bool = false,
        inherited: Bool = false, export: ExportSpec? = nil, importField: ImportField? = nil, importHeaders: [String] = [],
        inserted: Bool = true
    ) -> CustomerColumn {
        make(name, sqlType, decode: { try property($0).output(from: $1) }, read: { property($0).wrappedValue },
             draft: draft.value, draftPostgres: draft.postgresValue,
             json: json, changedBy: changedBy, fillable: fillable, inherited: inherited, export: export,
             importField: importField, importHeaders: importHeaders, inserted: inserted)
    }

    /// When the record was linked to a customer account, shown as `{"linked": true, "since"}` or null: staff learn
    /// nothing else of the account.
    @inline(__always)
    static func accountLink(_ name: String, _ property: @escaping @Sendable (Customer) -> OptionalFieldProperty<Customer, Date>,
                            json: String) -> CustomerColumn {
        make(name, "datetime", decode: { try property($0).output(from: $1) }, read: { property($0).wrappedValue },
             draft: CustomerDraftSource<Date?>.constant(nil).value, draftPostgres: { _, _ in .null }, json: json, style: .accountLink, changedBy: "account")
    }

    /// `seq`: the database numbers rows as they are inserted; the code never writes it.
    @inline(__always)
    static func sequence(_ property: @escaping @Sendable (Customer) -> OptionalFieldProperty<Customer, Int>) -> CustomerColumn {
        optional("seq", "int64", property, draft: .constant(nil), inserted: false)
    }

    /// A creation or update time, set by the code that writes the row.
    @inline(__always)
    static func timestamp(_ name: String, _ property: @escaping @Sendable (Customer) -> TimestampProperty<Customer, DefaultTimestampFormat>,
                          json: String, export: ExportSpec? = nil) -> CustomerColumn {
        make(name, "timestamp", decode: { try property($0).output(from: $1) }, read: { property($0).wrappedValue },
             draft: { _, stamp in stamp }, draftPostgres: { _, date in .timestamp(date) }, json: json, export: export)
    }

    @inline(__always)
    private static func make<Value: CustomerColumnValue>(
        _ name: String, _ sqlType: String, decode: @escaping @Sendable (Customer, RowOutput) throws -> Void,
        read: @escaping @Sendable (Customer) -> Value, draft: @escaping @Sendable (CustomerDraft, SQLiteData) -> SQLiteData,
        draftPostgres: @escaping @Sendable (CustomerDraft, Date) -> PostgresCell,
        json: String?, style: JSONStyle = .value, changedBy: String? = nil, fillable: Bool = false, inherited: Bool = false,
        export: ExportSpec? = nil, exportText: (@Sendable (Value) -> String)? = nil, importField: ImportField? = nil,
        importHeaders: [String] = [], emptyText: String? = nil, inserted: Bool = true
    ) -> CustomerColumn {
        let writeJSON: @Sendable (Customer, inout JSONWriter) -> Void = switch style {
        case .value: { customer, out in read(customer).write(to: &out) }
        case .rawJSON: { customer, out in out.json((read(customer) as? String) ?? "null") }
        case .money: { customer, out in out.string(Money.decimalString(minorUnits: (read(customer) as? Int64) ?? 0)) }
        case .accountLink: { customer, out in
            guard let since = read(customer) as? Date else { return out.null() }
            out.beginObject()
            out.key("linked"); out.bool(true)
            out.key("since"); out.date(since)
            out.endObject()
        }
        }
        let cell = exportText ?? { $0.exportText }
        return CustomerColumn(
            name: name, sqlType: sqlType, json: json, changedBy: changedBy, fillable: fillable, inherited: inherited,
            export: export.map { export in
                Export(header: export.header, kind: export.kind, text: { row in cell(try row.decode(column: name, as: Value.self)) })
            },
            importField: importField, importHeaders: importHeaders, emptyText: emptyText,
            decode: decode, value: { read($0) }, draftValue: draft, draftPostgresValue: draftPostgres, writeJSON: writeJSON,
            isEmpty: { customer in
                let value = read(customer)
                if let emptyText { return (value as? String) == emptyText }
                return value.isNull
            },
            inserted: inserted)
    }
}

extension CustomerDraftSource {
    /// The value for a new customer's row typed for SQLite (`stamp`: its creation time as SQLite stores it).
    @inline(__always)
    var value: @Sendable (CustomerDraft, SQLiteData) -> SQLiteData { typed({ $0.sqliteValue }, stamp: { $0 }) }

    /// The same typed for PostgreSQL (`date`: its creation time).
    @inline(__always)
    var postgresValue: @Sendable (CustomerDraft, Date) -> PostgresCell { typed({ $0.postgresValue }, stamp: { .timestamp($0) }) }

    @inline(__always)
    private func typed<Stamp, Cell: Sendable>(_ convert: @escaping @Sendable (Value) -> Cell,
                                              stamp: @escaping @Sendable (Stamp) -> Cell) -> @Sendable (CustomerDraft, Stamp) -> Cell {
        switch self {
        case let .property(path): return { draft, _ in convert(path(draft)) }
        case let .constant(value):
            let cell = convert(value)
            return { _, _ in cell }
        case .stamp: return { _, date in stamp(date) }
        }
    }
}
