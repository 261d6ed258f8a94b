import Fluent
import Vapor

/// The customer record over HTTP: list and search, create, intake, read, partial update, delete, timeline.
struct CustomersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let customers = routes.grouped("customers").grouped(IdempotencyMiddleware())
        customers.get(use: list)
        customers.post(use: create)
        customers.post("upsert", use: upsert)
        customers.get(":id", use: show)
        customers.patch(":id", use: update)
        customers.delete(":id", use: delete)
        customers.get(":id", "timeline", use: timeline)
    }

    func list(req: Request) async throws -> CustomerPage {
        let access = try CustomerAccess(try req.principal)
        let organization = try await Organization.find(access.tenant.organizationID, on: req.db)
        let parameters = try CustomerListParameters(from: req, timezone: TimeZone(identifier: organization?.timezone ?? "UTC") ?? .gmt)
        let page = try PageRequest(from: req)
        let result = try await CustomerSearch(database: req.db, access: access).run(parameters, page: page)
        return CustomerPage(data: result.customers.map { Customer.Public($0, includeNotes: access.seesNotes) },
                            page: page.page, perPage: page.perPage, total: result.total,
                            totalIsEstimate: result.totalIsEstimate, nextCursor: result.nextCursor)
    }

    func create(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.writeCustomers)
        let customer = try await service.create(try req.decodeJSON(Customer.Input.self))
        return try await respond(customer, status: .created, access: service.access, req: req)
    }

    func upsert(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.writeCustomers)
        switch try await CustomerIntake(service: service).matchOrCreate(try req.decodeJSON(Customer.Input.self)) {
        case let .matched(customer): return try await respond(customer, status: .ok, access: service.access, req: req)
        case let .created(customer): return try await respond(customer, status: .created, access: service.access, req: req)
        }
    }

    func show(req: Request) async throws -> Response {
        let access = try CustomerAccess(try req.principal)
        let customer = try await access.require(try req.uuidParameter("id"), on: req.db)
        return try await respond(customer, status: .ok, access: access, req: req)
    }

    func update(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.writeCustomers)
        let id = try req.uuidParameter("id")
        let customer = try await service.update(id, try req.decodeJSON(Customer.Input.self), ifMatch: try ifMatch(req))
        return try await respond(customer, status: .ok, access: service.access, req: req)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.deleteCustomers)
        try await service.delete(try req.uuidParameter("id"), ifMatch: try ifMatch(req))
        return .noContent
    }

    func timeline(req: Request) async throws -> CustomerEventPage {
        let access = try CustomerAccess(try req.principal)
        let customer = try await access.require(try req.uuidParameter("id"), on: req.db)
        let page = try PageRequest(from: req)
        return try await CustomerTimelineQuery(database: req.db, tenant: access.tenant).page(of: customer, page)
    }

    private func respond(_ customer: Customer, status: HTTPStatus, access: CustomerAccess, req: Request) async throws -> Response {
        let response = try await Customer.Public(customer, includeNotes: access.seesNotes).encodeResponse(status: status, for: req)
        response.headers.replaceOrAdd(name: .eTag, value: ETag.value(customer.version))
        if status == .created { response.headers.replaceOrAdd(name: .location, value: "/api/v1/customers/\(customer.id!)") }
        return response
    }

    private func ifMatch(_ req: Request) throws -> Int? {
        guard let header = req.headers.first(name: .ifMatch) else { return nil }
        switch ETag.parse(header) {
        case .any: return nil
        case let .version(version): return version
        case nil: throw Problem.badRequest("If-Match must be the ETag of the record, like \"3\"", field: "If-Match")
        }
    }
}
