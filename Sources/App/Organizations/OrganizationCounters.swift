import Foundation
import Fluent
import SQLKit

/// Organization-wide order figures for the statistics, kept by difference in each writing transaction, in one row per
/// organization on SQLite and up to `CounterShard.count` on PostgreSQL (summed here).
struct OrganizationCounters {
    let database: any Database

    func add(_ organizationID: UUID, ordersCounted: Int = 0, amountMinor: Int64 = 0,
             orderingCustomers: Int = 0, repeatCustomers: Int = 0) async throws {
        let figures = Figures(ordersCounted: ordersCounted, ordersAmountMinor: amountMinor,
                              orderingCustomers: orderingCustomers, repeatCustomers: repeatCustomers)
        if let counters = DeferredWrites.current {
            counters.add(orders: figures, to: organizationID)
        } else {
            try await Self.write(figures, to: organizationID, on: database)
        }
    }

    /// Adds `figures` to the organization's row (created on its first change).
    static func write(_ figures: Figures, to organizationID: UUID, on database: any Database) async throws {
        try await SQLRows.run(statement(adding: figures, to: organizationID, for: SQLDialectKind(database)), on: try database.sql)
    }

    /// Adds to the organization's row of the writing connection's shard (`CounterShard`).
    static func statement(adding figures: Figures, to organizationID: UUID, for dialect: SQLDialectKind) -> SQLQueryString {
        let shard = CounterShard.column(for: dialect)
        return """
            INSERT INTO organization_counters
                (organization_id\(shard), customers, orders_counted, orders_amount_minor, ordering_customers, repeat_customers)
            VALUES (\(bind: organizationID)\(CounterShard.value(for: dialect)), \(bind: figures.customers), \(bind: figures.ordersCounted), \(bind: figures.ordersAmountMinor),
                    \(bind: figures.orderingCustomers), \(bind: figures.repeatCustomers))
            ON CONFLICT (organization_id\(shard)) DO UPDATE SET
                customers = organization_counters.customers + \(bind: figures.customers),
                orders_counted = organization_counters.orders_counted + \(bind: figures.ordersCounted),
                orders_amount_minor = organization_counters.orders_amount_minor + \(bind: figures.ordersAmountMinor),
                ordering_customers = organization_counters.ordering_customers + \(bind: figures.orderingCustomers),
                repeat_customers = organization_counters.repeat_customers + \(bind: figures.repeatCustomers)
            """
    }

    /// What one order adds to the organization's order count and amount.
    static func contribution(of order: Order?, currency: String) -> (count: Int, amount: Int64) {
        guard let order, order.counts else { return (0, 0) }
        return (1, order.currency == currency ? order.amountMinor : 0)
    }

    struct Figures: Equatable, Sendable {
        var customers = 0
        var ordersCounted = 0
        var ordersAmountMinor: Int64 = 0
        var orderingCustomers = 0
        var repeatCustomers = 0
    }

    func figures(for organizationID: UUID) async throws -> Figures {
        guard let row = try await SQLRows.first("""
            SELECT CAST(COALESCE(SUM(customers), 0) AS BIGINT) AS customers,
                   CAST(COALESCE(SUM(orders_counted), 0) AS BIGINT) AS orders_counted,
                   CAST(COALESCE(SUM(orders_amount_minor), 0) AS BIGINT) AS orders_amount_minor,
                   CAST(COALESCE(SUM(ordering_customers), 0) AS BIGINT) AS ordering_customers,
                   CAST(COALESCE(SUM(repeat_customers), 0) AS BIGINT) AS repeat_customers
            FROM organization_counters WHERE organization_id = \(bind: organizationID)
            """, on: try database.sql) else { return Figures() }
        return Figures(customers: try row.decode(column: "customers", as: Int.self),
                       ordersCounted: try row.decode(column: "orders_counted", as: Int.self),
                       ordersAmountMinor: try row.decode(column: "orders_amount_minor", as: Int64.self),
                       orderingCustomers: try row.decode(column: "ordering_customers", as: Int.self),
                       repeatCustomers: try row.decode(column: "repeat_customers", as: Int.self))
    }
}
