import Fluent
import Vapor

/// The customer record over HTTP: list and search, create, intake, read, partial update, delete, timeline.
struct CustomersController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let customers = routes.grouped("customers")
        customers.get(use: list)
        customers.post(use: create)
        customers.post("upsert", use: upsert)
        customers.get(":id", use: show)
        customers.patch(":id", use: update)
        customers.delete(":id", use: delete)
        customers.get(":id", "timeline", use: timeline)
        customers.get(":id", "orders", use: orders)
        customers.get(":id", "tasks", use: tasks)
        customers.get("stats", use: stats)
    }

    func list(req: Request) async throws -> CustomerPage {
        let access = try CustomerAccess(try req.principal)
        let organization = try await req.organization(access.tenant.organizationID)
        let parameters = try await SegmentListParameters.resolve(req, access: access, timezone: TimeZone(identifier: organization?.timezone ?? "UTC") ?? .gmt)
        let page = try PageRequest(from: req)
        let reads = try await req.lagTolerantDatabase()
        let result = try await CustomerSearch(database: reads, access: access).run(parameters, page: page)
        let defaults = try await AddressBook.defaults(for: result.customers, tenant: access.tenant, on: reads)
        return CustomerPage(data: result.customers.map { access.present($0, defaultAddress: defaults[$0.id!]) },
                            page: page.page, perPage: page.perPage, total: result.total,
                            totalIsEstimate: result.totalIsEstimate, nextCursor: result.nextCursor)
    }

    func create(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.writeCustomers)
        return try await IdempotentRequest.respond(to: req) {
            let customer = try await service.create(try req.decodeJSON(Customer.Input.self))
            let duplicates = try await DuplicateFinder(database: req.database, access: service.access)
                .possibleDuplicates(of: customer, hasAddresses: false)
            return try await respond(customer, status: .created, access: service.access, req: req, duplicates: duplicates)
        }
    }

    func upsert(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.writeCustomers)
        return try await IdempotentRequest.respond(to: req) {
            switch try await CustomerIntake(service: service).matchOrCreate(try req.decodeJSON(Customer.Input.self)) {
            case let .matched(customer): return try await respond(customer, status: .ok, access: service.access, req: req)
            case let .created(customer):
                let duplicates = try await DuplicateFinder(database: req.database, access: service.access)
                    .possibleDuplicates(of: customer, hasAddresses: false)
                return try await respond(customer, status: .created, access: service.access, req: req, duplicates: duplicates)
            }
        }
    }

    func show(req: Request) async throws -> Response {
        let access = try CustomerAccess(try req.principal)
        let (customer, address) = try await access.requireWithDefaultAddress(try req.uuidParameter("id"), on: req.database)
        return respond(customer, status: .ok, access: access, address: address)
    }

    func update(req: Request) async throws -> Response {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.writeCustomers)
        let id = try req.uuidParameter("id")
        let customer = try await service.update(id, try req.decodeJSON(Customer.Input.self), ifMatch: try ifMatch(req))
        let duplicates = try await DuplicateFinder(database: req.database, access: service.access)
            .possibleDuplicates(of: customer, hasAddresses: true)
        return try await respond(customer, status: .ok, access: service.access, req: req, duplicates: duplicates)
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let service = try await CustomerService.make(for: req, source: "api")
        try service.access.principal.require(.deleteCustomers)
        try await service.delete(try req.uuidParameter("id"), ifMatch: try ifMatch(req))
        return .noContent
    }

    func timeline(req: Request) async throws -> CustomerEventPage {
        try await CustomerHistories(database: req.database, principal: try req.principal)
            .timeline(of: try req.uuidParameter("id"), page: try PageRequest(from: req))
    }

    /// The customer's order history, newest first.
    func orders(req: Request) async throws -> Page<Order.Public> {
        try await CustomerHistories(database: req.database, principal: try req.principal)
            .orders(of: try req.uuidParameter("id"), filters: try OrderFilters(from: req), page: try PageRequest(from: req))
    }

    /// The customer's delivery history: its tasks, newest first.
    func tasks(req: Request) async throws -> Page<DeliveryTask.Public> {
        try await CustomerHistories(database: req.database, principal: try req.principal)
            .tasks(of: try req.uuidParameter("id"), filters: try TaskFilters(from: req), page: try PageRequest(from: req))
    }

    func stats(req: Request) async throws -> CustomerStats {
        let principal = try req.principal
        try principal.require(.viewStatistics)
        return try await CustomerStats.compute(for: try principal.tenant(), on: try await req.lagTolerantDatabase())
    }

    /// `duplicates`: the answer's `possible_duplicates` (creates and updates only).
    private func respond(_ customer: Customer, status: HTTPStatus, access: CustomerAccess, req: Request,
                         duplicates: [PossibleDuplicate]? = nil) async throws -> Response {
        // A record created just now has no address book yet.
        let defaults = status == .created ? [:] : try await AddressBook.defaults(for: [customer], tenant: access.tenant, on: req.database)
        return respond(customer, status: status, access: access, address: defaults[customer.id!], duplicates: duplicates)
    }

    private func respond(_ customer: Customer, status: HTTPStatus, access: CustomerAccess, address: Address?,
                         duplicates: [PossibleDuplicate]? = nil) -> Response {
        var view = access.present(customer, defaultAddress: address)
        view.possibleDuplicates = duplicates
        let response = view.response(status: status)
        response.headers.replaceOrAdd(name: .eTag, value: ETag.value(customer.version))
        if status == .created { response.headers.replaceOrAdd(name: .location, value: "/api/v1/customers/\(customer.id!.canonicalString)") }
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
