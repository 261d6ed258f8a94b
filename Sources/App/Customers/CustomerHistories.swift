import Fluent
import Foundation

/// A customer's order history, delivery history and timeline as the caller may see them: the API's history routes
/// and the dashboard's customer page both read them here.
struct CustomerHistories {
    let database: any Database
    let principal: Principal

    /// Its orders, newest first. Agents see no orders (403), as on `/orders`; a guest user those of its customers.
    func orders(of id: UUID, filters: OrderFilters? = nil, page: PageRequest) async throws -> Page<Order.Public> {
        let orderAccess = try OrderAccess(principal)
        let customer = try await CustomerAccess(principal).require(id, on: database)
        let query = orderAccess.query(on: database).filter(\.$customerID == (try customer.requireID()))
        filters?.apply(to: query)
        return try await OrderHistory.page(query, page)
    }

    /// Its tasks, newest first: an agent's own only.
    func tasks(of id: UUID, filters: TaskFilters? = nil, page: PageRequest) async throws -> Page<DeliveryTask.Public> {
        let access = try CustomerAccess(principal)
        let customer = try await access.require(id, on: database)
        let query = try TaskAccess(principal).query(on: database).filter(\.$customerID == (try customer.requireID()))
        filters?.apply(to: query)
        return try await TaskHistory.page(query, page, tenant: access.tenant, on: database)
    }

    /// Its timeline, newest first; not for agents (403).
    func timeline(of id: UUID, page: PageRequest) async throws -> CustomerEventPage {
        let access = try CustomerAccess(principal)
        if access.isAgent { throw Problem.forbidden("Agents see a customer's delivery details only") }
        let customer = try await access.require(id, on: database)
        return try await CustomerTimelineQuery(database: database, tenant: access.tenant).page(of: customer, page)
    }
}
