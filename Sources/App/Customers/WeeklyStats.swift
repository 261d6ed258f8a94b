import Fluent
import Foundation
import SQLKit

/// The statistics page's last 12 weeks, in the organization's time zone (weeks start on Monday): new customers (from the
/// sign-up counters), orders that count (neither cancelled nor refunded or failed), and the repeat rate — the share of
/// the week's customer orders that were not the customer's first. Each figure is an indexed range count.
struct WeeklyStats: Sendable {
    static let weeks = 12

    struct Week: Sendable, Equatable {
        let start: Date
        var newCustomers = 0
        var orders = 0
        var customerOrders = 0
        var firstOrders = 0

        /// Repeat orders over the week's customer orders; nil without any.
        var repeatRate: Double? {
            customerOrders == 0 ? nil : Double(max(customerOrders - firstOrders, 0)) / Double(customerOrders)
        }
    }

    let weeks: [Week]

    static func compute(for organization: Organization, on database: any Database, now: Date = Date()) async throws -> WeeklyStats {
        let organizationID = try organization.requireID()
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: organization.timezone) ?? .gmt
        calendar.firstWeekday = 2
        let thisWeek = calendar.dateInterval(of: .weekOfYear, for: now)?.start ?? now
        let starts = (0..<Self.weeks).reversed().compactMap { calendar.date(byAdding: .weekOfYear, value: -$0, to: thisWeek) }
        var weeks = starts.map { Week(start: $0) }
        let bounds = starts + [calendar.date(byAdding: .weekOfYear, value: 1, to: thisWeek) ?? now]
        let sql = try database.sql
        for index in weeks.indices {
            let from = bounds[index], to = bounds[index + 1]
            let orders = try await SQLRows.first("""
                SELECT COUNT(*) AS orders, COUNT(customer_id) AS customer_orders FROM orders
                WHERE organization_id = \(bind: organizationID) AND placed_at >= \(bind: from) AND placed_at < \(bind: to)
                AND status <> 'cancelled' AND payment_status NOT IN ('refunded', 'failed')
                """, on: sql)
            weeks[index].orders = try orders?.decode(column: "orders", as: Int.self) ?? 0
            weeks[index].customerOrders = try orders?.decode(column: "customer_orders", as: Int.self) ?? 0
            let first = try await SQLRows.first("""
                SELECT COUNT(*) AS n FROM customers WHERE organization_id = \(bind: organizationID)
                AND first_order_at IS NOT NULL AND first_order_at >= \(bind: from) AND first_order_at < \(bind: to)
                """, on: sql)
            weeks[index].firstOrders = try first?.decode(column: "n", as: Int.self) ?? 0
        }
        let signups = try await SQLRows.all("""
            SELECT bucket, customers FROM customer_signup_counts
            WHERE organization_id = \(bind: organizationID) AND bucket >= \(bind: CustomerSignups.bucket(of: bounds[0]))
            AND bucket < \(bind: CustomerSignups.bucket(of: bounds[bounds.count - 1]))
            """, on: sql)
        for row in signups {
            let at = Date(timeIntervalSince1970: Double(try row.decode(column: "bucket", as: Int.self)) * CustomerSignups.bucketSeconds)
            if let index = bounds.indices.dropLast().last(where: { bounds[$0] <= at }) {
                weeks[index].newCustomers += try row.decode(column: "customers", as: Int.self)
            }
        }
        return WeeklyStats(weeks: weeks)
    }
}
