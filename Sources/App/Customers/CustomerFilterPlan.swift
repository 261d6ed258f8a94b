import Foundation
import SQLKit

/// How SQLite reads a filtered customer list. A filter that matches few customers (a rare status, a small tag, a
/// guest's own customers) drives the query from its index and the few rows are sorted; a filter that matches many
/// is tested row by row while the sort order's index is walked, which finds a page after a few dozen rows. SQLite
/// has no statistics to tell the two apart, so each filter's rows are counted first (an index range, capped).
/// PostgreSQL's planner has statistics and makes this choice itself.
struct CustomerFilterPlan {
    /// At least this many rows may be sorted to answer a page.
    static let drivingCap = 2_000
    /// At most this many.
    static let maxDrivingCap = 6_000

    /// The most rows a page's driver may have: reading and sorting a filter's N rows costs about N row reads, while
    /// walking the sort order finds a page of `perPage` after about perPage × customers / N rows, each read and tested.
    /// The two cost the same near N = √(perPage × customers) (4,600 rows for 20 a page at a million customers).
    static func drivingCap(perPage: Int, customers: Int) -> Int {
        let even = Int(Double(perPage + 1).squareRoot() * Double(max(customers, 0)).squareRoot())
        return max(drivingCap, min(maxDrivingCap, even))
    }

    enum Driver: Equatable {
        case status(String)
        case tag(String)
        case manager(UUID)
        case orders
        case spent
        case lastOrder
        case loyalty
        case created
        case city(String)
        case country(String)
        case optedIn(CustomerListParameters.OptInChannel)
    }

    /// The filter the query starts from; nil: walk the sort order's index.
    let driver: Driver?
    /// The driver's row count (≤ `drivingCap`).
    let driverCount: Int

    /// No customer can match: the page is empty without reading it.
    var isEmpty: Bool { driver != nil && driverCount == 0 }

    /// The rows a count reads through its smallest filter's index at most: counting a segment reads that filter's rows,
    /// not every customer of the organization (`CustomerSearch.exactCount`).
    static let countingCap = 250_000

    /// `cap`: the most rows a driver may have (`drivingCap` for a page, whose rows are sorted; `countingCap` for a count).
    static func choose(_ p: CustomerListParameters, access: CustomerAccess, on sql: any SQLDatabase,
                       cap: Int = drivingCap) async throws -> CustomerFilterPlan {
        let organization = access.tenant.organizationID
        var candidates: [(Driver, SQLQueryString)] = []
        if let status = p.status {
            candidates.append((.status(status.rawValue),
                               "SELECT 1 FROM customers WHERE organization_id = \(bind: organization) AND status = \(bind: status.rawValue)"))
        }
        if let tag = p.tag {
            candidates.append((.tag(tag),
                               "SELECT 1 FROM customer_tags WHERE organization_id = \(bind: organization) AND tag_key = \(bind: tag)"))
        }
        if let manager = access.managedByOnly ?? p.managedBy {
            candidates.append((.manager(manager),
                               "SELECT 1 FROM customers WHERE organization_id = \(bind: organization) AND managed_by_id = \(bind: manager)"))
        }
        candidates += rangeCandidates(p, organization: organization)
        var best: (Driver, Int)?
        for (driver, rows) in candidates {
            let counted = try await SQLRows.first("SELECT count(*) AS n FROM (" + rows
                                            + SQLQueryString(" LIMIT \(unsafeRaw: String(cap + 1))) AS matches"), on: sql)?
                .decode(column: "n", as: Int.self) ?? 0
            if counted <= cap, counted < (best?.1 ?? .max) { best = (driver, counted) }
            if counted == 0 { break }
        }
        guard let best else { return CustomerFilterPlan(driver: nil, driverCount: 0) }
        return CustomerFilterPlan(driver: best.0, driverCount: best.1)
    }

    /// The segment filters with an index of their own: ranges over the count, amount, last order, points and creation
    /// indexes, the default address's city or country, and consent.
    private static func rangeCandidates(_ p: CustomerListParameters, organization: UUID) -> [(Driver, SQLQueryString)] {
        var candidates: [(Driver, SQLQueryString)] = []
        func range(_ driver: Driver, _ index: String, _ column: String, _ low: (any Encodable & Sendable)?,
                   _ high: (any Encodable & Sendable)?, highIsExclusive: Bool = false) {
            guard low != nil || high != nil else { return }
            var rows = SQLQueryString("SELECT 1 FROM customers INDEXED BY \(unsafeRaw: index) WHERE organization_id = \(bind: organization)")
            if let low { rows = rows + " AND \(unsafeRaw: column) >= \(bind: low)" }
            if let high { rows = rows + " AND \(unsafeRaw: column) \(unsafeRaw: highIsExclusive ? "<" : "<=") \(bind: high)" }
            candidates.append((driver, rows))
        }
        range(.orders, "customers_org_total_orders_idx", "total_orders", p.ordersMin, p.ordersMax)
        range(.spent, "customers_org_total_spent_idx", "total_spent_minor", p.spentMinMinor, p.spentMaxMinor)
        range(.lastOrder, "customers_org_last_order_idx", "last_order_at", p.lastOrderFrom, p.lastOrderTo, highIsExclusive: true)
        range(.loyalty, "customers_org_loyalty_idx", "loyalty_points", p.loyaltyMin, nil)
        range(.created, "customers_org_created_idx", "created_at", p.createdFrom, p.createdTo, highIsExclusive: true)
        if let city = p.city {
            candidates.append((.city(city), """
                SELECT 1 FROM addresses INDEXED BY addresses_org_default_city_idx WHERE organization_id = \(bind: organization)
                AND is_default AND lower(city) IN (\(binds: CustomerSegmentConditions.cityKeys(city)))
                """))
        }
        if let channel = p.optedIn {
            candidates.append((.optedIn(channel), """
                SELECT 1 FROM customers INDEXED BY customers_org_\(unsafeRaw: channel.rawValue)_opted_in_idx
                WHERE organization_id = \(bind: organization) AND \(unsafeRaw: channel.rawValue)_opt_in = 1
                """))
        }
        if let country = p.country {
            candidates.append((.country(country), """
                SELECT 1 FROM addresses INDEXED BY addresses_org_default_country_idx WHERE organization_id = \(bind: organization)
                AND is_default AND country = \(bind: country)
                """))
        }
        return candidates
    }

    /// At most this many rows of one filter are read to count a combination of filters that each match many.
    static let examineCap = 20_000

    /// Counting filters that each match many customers but together perhaps few (a common tag and a common status)
    /// would read every row of one of them. Instead the first `examineCap` rows of one filter's index are joined to
    /// the customers and tested against the others; `rows` counts that filter's rows (capped), to tell whether the
    /// count saw all of them or is a lower bound. Nil when no filter has an index to read.
    struct BoundedCount {
        let from: SQLQueryString
        let rows: SQLQueryString
        /// The tag filter is the join itself, not a condition.
        let coversTag: Bool
    }

    static func boundedCount(_ p: CustomerListParameters, access: CustomerAccess) -> BoundedCount? {
        let organization = access.tenant.organizationID
        let limit = SQLQueryString(" LIMIT \(unsafeRaw: String(examineCap))")
        let rowsLimit = SQLQueryString(" LIMIT \(unsafeRaw: String(examineCap + 1))) AS candidates")
        if let tag = p.tag {
            let rows: SQLQueryString = "customer_tags WHERE organization_id = \(bind: organization) AND tag_key = \(bind: tag)"
            return BoundedCount(from: "(SELECT customer_id FROM " + rows + limit
                                    + ") AS bounded CROSS JOIN customers ON customers.id = bounded.customer_id",
                                rows: "SELECT count(*) AS n FROM (SELECT 1 FROM " + rows + rowsLimit, coversTag: true)
        }
        let indexed: (index: String, column: String, value: any Encodable & Sendable)
        if let status = p.status {
            indexed = ("customers_org_status_idx", "status", status.rawValue)
        } else if let manager = access.managedByOnly ?? p.managedBy {
            indexed = ("customers_org_managed_by_idx", "managed_by_id", manager)
        } else {
            return nil
        }
        let rows = SQLQueryString("customers INDEXED BY \(unsafeRaw: indexed.index) WHERE organization_id = \(bind: organization) ")
            + "AND \(unsafeRaw: indexed.column) = \(bind: indexed.value)"
        return BoundedCount(from: "(SELECT seq FROM " + rows + limit + ") AS bounded CROSS JOIN customers ON customers.seq = bounded.seq",
                            rows: "SELECT count(*) AS n FROM (SELECT 1 FROM " + rows + rowsLimit, coversTag: false)
    }

    /// The FROM clause: the driver's index, or the customers table walked in the sort order.
    func from(organizationID: UUID) -> SQLQueryString {
        switch driver {
        case .status: "customers INDEXED BY customers_org_status_idx"
        case .manager: "customers INDEXED BY customers_org_managed_by_idx"
        case let .tag(tag):
            "customer_tags CROSS JOIN customers ON customers.id = customer_tags.customer_id "
                + "AND customer_tags.organization_id = \(bind: organizationID) AND customer_tags.tag_key = \(bind: tag)"
        case .orders: "customers INDEXED BY customers_org_total_orders_idx"
        case .spent: "customers INDEXED BY customers_org_total_spent_idx"
        case .lastOrder: "customers INDEXED BY customers_org_last_order_idx"
        case .loyalty: "customers INDEXED BY customers_org_loyalty_idx"
        case .created: "customers INDEXED BY customers_org_created_idx"
        case let .city(city):
            "addresses INDEXED BY addresses_org_default_city_idx CROSS JOIN customers ON customers.id = addresses.customer_id "
                + "AND addresses.organization_id = \(bind: organizationID) AND addresses.is_default "
                + "AND lower(addresses.city) IN (\(binds: CustomerSegmentConditions.cityKeys(city)))"
        case let .country(country):
            "addresses INDEXED BY addresses_org_default_country_idx CROSS JOIN customers ON customers.id = addresses.customer_id "
                + "AND addresses.organization_id = \(bind: organizationID) AND addresses.is_default AND addresses.country = \(bind: country)"
        case let .optedIn(channel): "customers INDEXED BY customers_org_\(unsafeRaw: channel.rawValue)_opted_in_idx"
        case nil: "customers"
        }
    }
}
