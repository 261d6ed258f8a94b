import Fluent
import SQLKit
import Vapor

/// What a client reads of its own work: its orders with their tasks, and its tasks. Everything is filtered by the
/// client's id in its courier's organization: another client's order or task answers 404.
struct ClientPortalReader {
    let database: any Database
    let scope: ClientPortalScope
    let publicURL: String

    var tenant: Tenant { scope.tenant }

    func orders(_ page: PageRequest, status: OrderStatus?) async throws -> Page<ClientOrderView> {
        let query = tenant.query(Order.self, on: database).filter(\.$clientID == scope.clientID)
        if let status { query.filter(\.$status == status.rawValue) }
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return Page(try await present(result.items), total: result.total, nextCursor: result.nextCursor, request: page)
    }

    func order(_ id: UUID) async throws -> ClientOrderView {
        guard let order = try await tenant.query(Order.self, on: database).filter(\.$clientID == scope.clientID).filter(\.$id == id).first()
        else { throw Problem.notFound("order") }
        return try await present([order])[0]
    }

    func tasks(_ page: PageRequest, filters: TaskFilters) async throws -> Page<ClientTaskView> {
        let query = tenant.query(DeliveryTask.self, on: database).filter(\.$clientID == scope.clientID)
        if let status = filters.status { query.filter(\.$status == status.rawValue) }
        if let type = filters.type { query.filter(\.$type == type.rawValue) }
        if let orderID = filters.orderID { query.filter(\.$orderID == orderID) }
        if let from = filters.from { query.filter(\.$createdAt >= from) }
        if let to = filters.to { query.filter(\.$createdAt < to) }
        let result = try await NewestFirstPage.fetch(query, page, seq: \.$seq)
        return Page(try await views(result.items), total: result.total, nextCursor: result.nextCursor, request: page)
    }

    func task(_ id: UUID) async throws -> ClientTaskView {
        guard let task = try await tenant.query(DeliveryTask.self, on: database).filter(\.$clientID == scope.clientID)
            .filter(\.$id == id).first()
        else { throw Problem.notFound("task") }
        return try await views([task])[0]
    }

    /// The orders with their tasks, read in one query by the orders' ids (along `tasks_org_order_idx`: the client's
    /// own index would walk all of its tasks), the client checked on each row; or `known`, the tasks just written.
    func present(_ orders: [Order], tasks known: [DeliveryTask]? = nil) async throws -> [ClientOrderView] {
        let ids = orders.compactMap(\.id)
        guard !ids.isEmpty else { return [] }
        let clientID = scope.clientID
        var tasks = known ?? []
        if known == nil {
            tasks = try await tenant.query(DeliveryTask.self, on: database).filter(\.$orderID ~~ ids).all()
                .filter { $0.clientID == clientID }
        }
        let numbers = Dictionary(orders.map { ($0.id!, $0.number) }, uniquingKeysWith: { first, _ in first })
        let views = try await self.views(tasks, numbers: numbers)
        let byOrder = Dictionary(grouping: views, by: { $0.orderId })
        return orders.map { ClientOrderView($0, tasks: byOrder[$0.id] ?? []) }
    }

    private func views(_ tasks: [DeliveryTask], numbers known: [UUID: String]? = nil) async throws -> [ClientTaskView] {
        let names = try await TaskAccess.names(of: tasks, tenant: tenant, on: database)
        var numbers = known ?? [:]
        let missing = Array(Set(tasks.compactMap(\.orderID)).subtracting(numbers.keys))
        if !missing.isEmpty {
            for order in try await tenant.query(Order.self, on: database).filter(\.$id ~~ missing).all() { numbers[order.id!] = order.number }
        }
        return tasks.map { task in
            ClientTaskView(task, orderNumber: task.orderID.flatMap { numbers[$0] }, driverName: task.agentID.flatMap { names.agents[$0] },
                           publicURL: publicURL)
        }
    }
}
