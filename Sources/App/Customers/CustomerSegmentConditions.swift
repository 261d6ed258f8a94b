import Foundation
import SQLKit

/// The WHERE terms of the segment filters (SPEC "Segments": order count, amount spent, last order, city, country,
/// consent). With a SQLite plan, only the driving filter's term may use an index (the others carry a unary `+`), and
/// an address filter that drives is the join itself (`CustomerFilterPlan.from`).
struct CustomerSegmentConditions {
    let parameters: CustomerListParameters
    let organizationID: UUID
    let dialect: SQLDialectKind
    let driver: CustomerFilterPlan.Driver?
    /// A SQLite plan was chosen: terms that do not drive must not use an index.
    let planned: Bool

    var conditions: [SQLQueryString] {
        let p = parameters
        var terms: [SQLQueryString] = []
        func column(_ name: String, drives: Bool) -> String { !planned || drives ? name : "+" + name }
        let drivesOrders = driver == .orders, drivesSpent = driver == .spent, drivesLast = driver == .lastOrder
        if let low = p.ordersMin { terms.append("\(unsafeRaw: column("customers.total_orders", drives: drivesOrders)) >= \(bind: low)") }
        if let high = p.ordersMax { terms.append("\(unsafeRaw: column("customers.total_orders", drives: drivesOrders)) <= \(bind: high)") }
        if let low = p.spentMinMinor { terms.append("\(unsafeRaw: column("customers.total_spent_minor", drives: drivesSpent)) >= \(bind: low)") }
        if let high = p.spentMaxMinor { terms.append("\(unsafeRaw: column("customers.total_spent_minor", drives: drivesSpent)) <= \(bind: high)") }
        if let from = p.lastOrderFrom { terms.append("\(unsafeRaw: column("customers.last_order_at", drives: drivesLast)) >= \(bind: from)") }
        if let to = p.lastOrderTo {
            // "No order since": customers who never ordered have no last order and are not in a date range.
            terms.append("\(unsafeRaw: column("customers.last_order_at", drives: drivesLast)) < \(bind: to)")
        }
        if let channel = p.optedIn {
            // As the partial index `customers_org_<channel>_opted_in_idx` says it, so that it may drive.
            let name = column("customers.\(channel.rawValue)_opt_in", drives: driver == .optedIn(channel))
            terms.append(SQLQueryString("\(unsafeRaw: name) = ") + (dialect == .postgres ? "true" : "1"))
        }
        if let city = p.city, driver != .city(city) { terms.append(addressTerm("lower(addresses.city) IN (\(binds: Self.cityKeys(city)))")) }
        if let country = p.country, driver != .country(country) { terms.append(addressTerm("addresses.country = \(bind: country)")) }
        return terms
    }

    /// The customer's default address meets `test`.
    private func addressTerm(_ test: SQLQueryString) -> SQLQueryString {
        if planned {
            // Probed per row through the one-default-per-customer index.
            return "EXISTS (SELECT 1 FROM addresses WHERE addresses.customer_id = customers.id AND addresses.is_default AND " + test + ")"
        }
        return "customers.id IN (SELECT addresses.customer_id FROM addresses WHERE addresses.organization_id = \(bind: organizationID) "
            + "AND addresses.is_default AND " + test + ")"
    }

    /// The values `lower(city)` may have for a folded filter: SQLite's `lower` folds ASCII letters only, so a stored
    /// "Århus" stays "Århus" there while PostgreSQL folds it to "århus"; both forms are looked up.
    static func cityKeys(_ folded: String) -> [String] {
        guard let first = folded.first, !first.isASCII else { return [folded] }
        return [folded, first.uppercased() + folded.dropFirst()]
    }
}
