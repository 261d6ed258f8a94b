import Fluent
import FluentSQL
import SQLKit
import Vapor

/// Lists and searches one organization's customers with keyset pagination. A search is driven by the
/// substring index (FTS5 trigram on SQLite, pg_trgm on PostgreSQL), which is written with each record.
struct CustomerSearch {
    static let countCap = 10_000

    let database: any Database
    let access: CustomerAccess

    struct Result {
        let customers: [Customer]
        let total: Int
        let totalIsEstimate: Bool
        let nextCursor: String?
    }

    func run(_ parameters: CustomerListParameters, page: PageRequest) async throws -> Result {
        let sql = database as! any SQLDatabase
        let dialect = SQLDialectKind(database)
        let filters = try filterClause(parameters, dialect: dialect)
        let from = fromClause(parameters, dialect: dialect)
        let order = CustomerSortOrder(parameters.sort, descending: parameters.descending, dialect: dialect,
                                      drivenBySearchIndex: from != "customers")
        var conditions = filters
        if let after = page.after {
            conditions.append(try order.after(cursor: after))
        }
        let select = SQLQueryString("SELECT customers.* FROM \(unsafeRaw: from) WHERE ")
            + joined(conditions) + SQLQueryString(" ORDER BY \(unsafeRaw: order.orderBy) LIMIT \(unsafeRaw: String(page.perPage + 1))")
            + (page.after == nil && page.page > 1 ? SQLQueryString(" OFFSET \(unsafeRaw: String((page.page - 1) * page.perPage))") : "")
        var customers = try await sql.raw(select).all().map { try $0.model(Customer.self) }
        let hasMore = customers.count > page.perPage
        if hasMore { customers.removeLast() }
        let nextCursor = hasMore ? customers.last.map(order.cursor(after:)) : nil

        if !parameters.isFiltered, access.managedByOnly == nil, !access.isAgent {
            let total = try await CustomerCounter(database: database).count(for: access.tenant.organizationID)
            return Result(customers: customers, total: total, totalIsEstimate: false, nextCursor: nextCursor)
        }
        if !hasMore, page.after == nil, page.page == 1 || !customers.isEmpty {
            // The last page of an offset walk (or the only page): what came back is all there is.
            let total = (page.page - 1) * page.perPage + customers.count
            return Result(customers: customers, total: total, totalIsEstimate: false, nextCursor: nil)
        }
        let count: SQLQueryString
        if let tag = parameters.tag, from == "customers" {
            // Counted from the tag's rows: probing every customer of the organization against the tag's list
            // would read them all.
            let tagged = try filterClause(parameters, dialect: dialect, tagAsJoin: true) + [
                "customer_tags.organization_id = \(bind: access.tenant.organizationID)", "customer_tags.tag_key = \(bind: tag)",
            ]
            count = SQLQueryString("SELECT count(*) AS n FROM (SELECT 1 FROM customer_tags CROSS JOIN customers ")
                + "ON customers.id = customer_tags.customer_id WHERE " + joined(tagged)
                + SQLQueryString(" LIMIT \(unsafeRaw: String(Self.countCap + 1))) AS matches")
        } else {
            count = SQLQueryString("SELECT count(*) AS n FROM (SELECT 1 FROM \(unsafeRaw: from) WHERE ")
                + joined(filters) + SQLQueryString(" LIMIT \(unsafeRaw: String(Self.countCap + 1))) AS matches")
        }
        let counted = try await sql.raw(count).first()?.decode(column: "n", as: Int.self) ?? 0
        return Result(customers: customers, total: min(counted, Self.countCap), totalIsEstimate: counted > Self.countCap,
                      nextCursor: nextCursor)
    }

    /// FTS first on SQLite: the CROSS JOIN makes the match set drive the query.
    private func fromClause(_ parameters: CustomerListParameters, dialect: SQLDialectKind) -> String {
        guard dialect == .sqlite, let term = parameters.q.map(SearchTerm.init), term.usesIndex else { return "customers" }
        return "customers_fts CROSS JOIN customers ON customers.seq = customers_fts.rowid"
    }

    private func filterClause(_ p: CustomerListParameters, dialect: SQLDialectKind, tagAsJoin: Bool = false) throws -> [SQLQueryString] {
        var where_: [SQLQueryString] = ["customers.organization_id = \(bind: access.tenant.organizationID)"]
        if let guest = access.managedByOnly { where_.append("customers.managed_by_id = \(bind: guest)") }
        if access.isAgent { where_.append(access.assignedToAgent) }
        if let q = p.q { where_.append(SearchTerm(q).condition(dialect: dialect)) }
        if let status = p.status { where_.append("customers.status = \(bind: status.rawValue)") }
        if let tag = p.tag, !tagAsJoin {
            where_.append("""
                customers.id IN (SELECT customer_id FROM customer_tags
                WHERE organization_id = \(bind: access.tenant.organizationID) AND tag_key = \(bind: tag))
                """)
        }
        if let from = p.createdFrom { where_.append("customers.created_at >= \(bind: from)") }
        if let to = p.createdTo { where_.append("customers.created_at < \(bind: to)") }
        if let hasEmail = p.hasEmail { where_.append(SQLQueryString("customers.email IS \(unsafeRaw: hasEmail ? "NOT NULL" : "NULL")")) }
        if let hasPhone = p.hasPhone { where_.append(SQLQueryString("customers.phone IS \(unsafeRaw: hasPhone ? "NOT NULL" : "NULL")")) }
        if let manager = p.managedBy { where_.append("customers.managed_by_id = \(bind: manager)") }
        return where_
    }

    private func joined(_ parts: [SQLQueryString]) -> SQLQueryString {
        var result = SQLQueryString("")
        for (index, part) in parts.enumerated() {
            result = index == 0 ? SQLQueryString("(") + part + ")" : result + " AND (" + part + ")"
        }
        return result
    }
}
