import Fluent
import Vapor

/// A customer's address book.
struct AddressesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let addresses = routes.grouped("customers", ":id", "addresses")
        addresses.get(use: list)
        addresses.post(use: create)
        addresses.patch(":address_id", use: update)
        addresses.delete(":address_id", use: delete)
    }

    private func context(_ req: Request, write: Bool) async throws -> (AddressBook, Customer) {
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        let customer = try await access.require(try req.uuidParameter("id"), on: req.database)
        if write { try principal.require(.writeCustomers) }
        guard let organization = try await req.organization(access.tenant.organizationID) else {
            throw Problem.notFound("organization")
        }
        return (AddressBook(database: req.database, tenant: access.tenant, defaultCountry: organization.defaultCountry), customer)
    }

    func list(req: Request) async throws -> Page<Address.Public> {
        let (book, customer) = try await context(req, write: false)
        let page = try PageRequest(from: req)
        let all = try await book.list(for: customer)
        let slice = Array(all.dropFirst(page.offset).prefix(page.perPage))
        return Page(slice.map(Address.Public.init), total: all.count, nextCursor: nil, request: page)
    }

    func create(req: Request) async throws -> Response {
        let (book, customer) = try await context(req, write: true)
        let address = try await book.add(try req.decodeJSON(Address.Input.self), to: customer)
        return try await Address.Public(address).created(at: "/api/v1/customers/\(customer.id!.canonicalString)/addresses/\(address.id!.canonicalString)", for: req)
    }

    func update(req: Request) async throws -> Address.Public {
        let (book, customer) = try await context(req, write: true)
        let address = try await book.require(try req.uuidParameter("address_id"), of: customer)
        return Address.Public(try await book.update(address, with: try req.decodeJSON(Address.Input.self), of: customer))
    }

    func delete(req: Request) async throws -> HTTPStatus {
        let (book, customer) = try await context(req, write: true)
        let address = try await book.require(try req.uuidParameter("address_id"), of: customer)
        try await book.delete(address, of: customer)
        return .noContent
    }
}
