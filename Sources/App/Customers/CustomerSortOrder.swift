import Foundation
import SQLKit

/// ORDER BY and keyset cursor of a customer list: the sort column, then `seq` to break ties.
struct CustomerSortOrder {
    let key: CustomerListParameters.SortKey
    let descending: Bool
    let dialect: SQLDialectKind
    /// The FTS5 table drives the query: newest-first then walks its rowids backwards instead of sorting matches.
    let drivenBySearchIndex: Bool

    init(_ key: CustomerListParameters.SortKey, descending: Bool, dialect: SQLDialectKind, drivenBySearchIndex: Bool = false) {
        self.key = key
        self.descending = descending
        self.dialect = dialect
        self.drivenBySearchIndex = drivenBySearchIndex
    }

    /// The insertion order column: the FTS rowid (the same value) when the search index drives the query.
    private var seqColumn: String { drivenBySearchIndex ? "customers_fts.rowid" : "customers.seq" }

    /// What the cursor carries: the sort value of the last row and its `seq`.
    private struct Cursor: Codable {
        let sort: String
        let value: String?
        let seq: Int
    }

    private var column: String? {
        switch key {
        case .name: return "customers.search_name"
        case .createdAt: return nil
        case .totalSpent: return "customers.total_spent_minor"
        case .loyaltyPoints: return "customers.loyalty_points"
        case .lastOrderAt:
            // Customers without orders sort as the oldest.
            return dialect == .postgres ? "COALESCE(customers.last_order_at, '-infinity'::timestamptz)"
                : "COALESCE(customers.last_order_at, -1e18)"
        }
    }

    private var direction: String { descending ? "DESC" : "ASC" }
    private var descriptor: String { (descending ? "-" : "") + key.rawValue }

    var orderBy: String {
        guard let column else { return "\(seqColumn) \(direction)" }
        // SQLite sorts NULL below every value, which is already "no orders = oldest": ordering by the bare column
        // gives the same order as the COALESCE and lets the (organization_id, last_order_at, seq) index serve it.
        if key == .lastOrderAt, dialect == .sqlite { return "customers.last_order_at \(direction), customers.seq \(direction)" }
        return "\(column) \(direction), customers.seq \(direction)"
    }

    func cursor(after customer: Customer) -> String {
        cursor(CustomerSearch.CursorKey(seq: customer.seq ?? 0, searchName: customer.searchName,
                                        totalSpentMinor: customer.totalSpentMinor, lastOrderAt: customer.lastOrderAt,
                                        loyaltyPoints: customer.loyaltyPoints))
    }

    /// The cursor of the page after the row with these sort values.
    func cursor(_ row: CustomerSearch.CursorKey) -> String {
        let value: String?
        switch key {
        case .name: value = row.searchName
        case .createdAt: value = nil
        case .totalSpent: value = String(row.totalSpentMinor)
        case .loyaltyPoints: value = String(row.loyaltyPoints)
        case .lastOrderAt: value = row.lastOrderAt.map { String($0.timeIntervalSince1970) }
        }
        // Keys sorted: the same row gives the same cursor in every process (a replica, another instance, a restored copy).
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = (try? encoder.encode(Cursor(sort: descriptor, value: value, seq: row.seq))) ?? Data()
        return data.base64URLEncodedString()
    }

    /// The last row's sort value (for a name sort, its folded name) and `seq` a cursor carries; throws as `after` does.
    func position(ofCursor raw: String) throws -> (value: String?, seq: Int) {
        let cursor = try decode(raw)
        return (cursor.value, cursor.seq)
    }

    private func decode(_ raw: String) throws -> Cursor {
        guard let cursor = try? JSONDecoder().decode(Cursor.self, from: Data(raw.utf8)), cursor.sort == descriptor else {
            throw Problem.invalid("cursor", "does not belong to this list and sort; start again without a cursor")
        }
        return cursor
    }

    /// The keyset condition `(sort, seq) > (last sort, last seq)` (or `<` descending).
    func after(cursor raw: String, organizationID: UUID) throws -> SQLQueryString {
        let cursor = try decode(raw)
        let op = descending ? "<" : ">"
        switch key {
        case .createdAt:
            return "\(unsafeRaw: seqColumn) \(unsafeRaw: op) \(bind: cursor.seq)"
        case .name:
            return "(customers.search_name, customers.seq) \(unsafeRaw: op) (\(bind: cursor.value ?? ""), \(bind: cursor.seq))"
        case .totalSpent:
            return "(customers.total_spent_minor, customers.seq) \(unsafeRaw: op) (\(bind: Int64(cursor.value ?? "") ?? 0), \(bind: cursor.seq))"
        case .loyaltyPoints:
            return "(customers.loyalty_points, customers.seq) \(unsafeRaw: op) (\(bind: Int(cursor.value ?? "") ?? 0), \(bind: cursor.seq))"
        case .lastOrderAt:
            let last: Date? = cursor.value.flatMap(Double.init).map(Date.init(timeIntervalSince1970:))
            let sentinel = dialect == .postgres ? "'-infinity'::timestamptz" : "-1e18"
            let value: SQLQueryString = last.map { "\(bind: $0)" } ?? SQLQueryString(sentinel)
            // The last row's time as stored, read by its seq: a time carried through the cursor as a number can come
            // back a microsecond off and repeat or skip rows. The cursor's own value stands in if the row is gone.
            let stored = SQLQueryString("COALESCE((SELECT \(unsafeRaw: column!) FROM customers WHERE organization_id = ")
                + "\(bind: organizationID) AND seq = \(bind: cursor.seq)), " + value + ")"
            return SQLQueryString("(\(unsafeRaw: column!), customers.seq) \(unsafeRaw: op) (") + stored
                + SQLQueryString(", \(bind: cursor.seq))")
        }
    }
}
