import Fluent
import Vapor

/// Orders: list with filters, place (by customer id, intake or as a guest), read, change.
struct OrdersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let orders = routes.grouped("orders")
        orders.get(use: list)
        orders.post(use: create)
        orders.get(":id", use: show)
        orders.patch(":id", use: update)
    }

    func list(req: Request) async throws -> Page<Order.Public> {
        let access = try OrderAccess(try req.principal)
        let page = try PageRequest(from: req)
        let query = access.query(on: try await req.lagTolerantDatabase())
        try OrderFilters(from: req).apply(to: query)
        return try await OrderHistory.page(query, page)
    }

    func create(req: Request) async throws -> Response {
        let service = try await OrderService.make(for: req)
        try service.access.principal.require(.writeCustomers)
        return try await IdempotentRequest.respond(to: req) {
            let order = try await service.create(try req.decodeJSON(Order.Input.self))
            let response = try await Order.Public(order).created(at: "/api/v1/orders/\(order.id!.canonicalString)", for: req)
            response.headers.replaceOrAdd(name: .eTag, value: ETag.value(order.version))
            return response
        }
    }

    func show(req: Request) async throws -> Response {
        let order = try await OrderAccess(try req.principal).require(try req.uuidParameter("id"), on: req.database)
        let response = try await Order.Public(order).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .eTag, value: ETag.value(order.version))
        return response
    }

    func update(req: Request) async throws -> Response {
        let service = try await OrderService.make(for: req)
        try service.access.principal.require(.writeCustomers)
        let ifMatch = try req.headers.first(name: .ifMatch).map { header -> Int? in
            guard let parsed = ETag.parse(header) else { throw Problem.badRequest("If-Match must be an ETag", field: "If-Match") }
            if case let .version(version) = parsed { return version }
            return nil
        } ?? nil
        let order = try await service.update(try req.uuidParameter("id"), try req.decodeJSON(Order.Input.self), ifMatch: ifMatch)
        let response = try await Order.Public(order).encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .eTag, value: ETag.value(order.version))
        return response
    }
}
