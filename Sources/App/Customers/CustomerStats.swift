import Fluent
import SQLKit
import Vapor

/// `GET /api/v1/customers/stats`: from counters kept in each write, and indexed range counts.
struct CustomerStats: Content {
    let totalCustomers: Int
    let activeLast30Days: Int
    let newThisMonth: Int
    let averageOrderValue: String
    let repeatCustomerRate: Double
    let loyaltyMembers: Int

    enum CodingKeys: String, CodingKey {
        case totalCustomers = "total_customers", activeLast30Days = "active_last_30_days", newThisMonth = "new_this_month"
        case averageOrderValue = "average_order_value", repeatCustomerRate = "repeat_customer_rate"
        case loyaltyMembers = "loyalty_members"
    }

    static func compute(for tenant: Tenant, on database: any Database) async throws -> CustomerStats {
        guard let organization = try await Organization.load(tenant.organizationID, on: database) else {
            throw Problem.notFound("organization")
        }
        let figures = try await OrganizationCounters(database: database).figures(for: tenant.organizationID)
        let sql = try database.sql
        // count(*) over the (organization_id, last_order_at) and (organization_id) WHERE loyalty_member indexes: covered,
        // no table rows read.
        let active = try await SQLRows.first("""
            SELECT count(*) AS n FROM customers WHERE organization_id = \(bind: tenant.organizationID)
            AND last_order_at >= \(bind: Date().addingTimeInterval(-30 * 86_400))
            """, on: sql)?.decode(column: "n", as: Int.self) ?? 0
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: organization.timezone) ?? .gmt
        let monthStart = calendar.date(from: calendar.dateComponents([.year, .month], from: Date()))!
        let new = try await CustomerSignups(database: database).count(since: monthStart, for: tenant.organizationID)
        let members = try await SQLRows.first("""
            SELECT count(*) AS n FROM customers WHERE organization_id = \(bind: tenant.organizationID) AND loyalty_member
            """, on: sql)?.decode(column: "n", as: Int.self) ?? 0
        // Rounded half up, without adding to a sum that may be near the top of 64 bits.
        let count = Int64(figures.ordersCounted)
        let (quotient, remainder) = count == 0 ? (0, 0) : figures.ordersAmountMinor.quotientAndRemainder(dividingBy: count)
        let average = quotient + (remainder * 2 >= count && count > 0 ? 1 : 0)
        let rate = figures.orderingCustomers == 0 ? 0 : Double(figures.repeatCustomers) / Double(figures.orderingCustomers)
        return CustomerStats(totalCustomers: figures.customers, activeLast30Days: active, newThisMonth: new,
                             averageOrderValue: Money.decimalString(minorUnits: average),
                             repeatCustomerRate: (rate * 10_000).rounded() / 10_000, loyaltyMembers: members)
    }
}
