import Vapor

/// The address book on the customer page: add, edit, make default, delete — all through `AddressBook`.
struct AddressesWebController {
    func boot(routes: any RoutesBuilder) {
        let addresses = routes.grouped("customers", ":id", "addresses")
        addresses.post(use: add)
        addresses.post(":address_id", use: update)
        addresses.post(":address_id", "default", use: makeDefault)
        addresses.post(":address_id", "delete", use: delete)
    }

    private func context(_ req: Request) async throws -> (AddressBook, Customer, String) {
        let principal = try req.principal
        let access = try CustomerAccess(principal)
        let customer = try await access.require(try req.uuidParameter("id"), on: req.database)
        try principal.require(.writeCustomers)
        let country = try req.dashboard.organization?.defaultCountry ?? "US"
        let book = AddressBook(database: req.database, tenant: access.tenant, defaultCountry: country)
        return (book, customer, "/customers/\(customer.id!.canonicalString)")
    }

    func add(req: Request) async throws -> Response {
        let (book, customer, path) = try await context(req)
        let fields = try req.formFields()
        do {
            _ = try await book.add(AddressBookView.input(fields, isCreate: true), to: customer)
            return req.redirect(to: path, flash: "Address added.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await CustomerPageLoader(req: req).render(
                customer, values: CustomerForm.values(of: customer),
                addressErrors: ("new", FormErrors(problem, fields: AddressBookView.fields), fields), status: problem.status)
        }
    }

    func update(req: Request) async throws -> Response {
        let (book, customer, path) = try await context(req)
        let addressID = try req.uuidParameter("address_id")
        let address = try await book.require(addressID, of: customer)
        let fields = try req.formFields()
        do {
            _ = try await book.update(address, with: AddressBookView.input(fields, isCreate: false), of: customer)
            return req.redirect(to: path, flash: "Address saved.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await CustomerPageLoader(req: req).render(
                customer, values: CustomerForm.values(of: customer),
                addressErrors: (addressID.canonicalString, FormErrors(problem, fields: AddressBookView.fields), fields),
                status: problem.status)
        }
    }

    func makeDefault(req: Request) async throws -> Response {
        let (book, customer, path) = try await context(req)
        let address = try await book.require(try req.uuidParameter("address_id"), of: customer)
        var input = Address.Input()
        input.isDefault = .value(true)
        _ = try await book.update(address, with: input, of: customer)
        return req.redirect(to: path, flash: "“\(address.label ?? address.formatted)” is now the default address.")
    }

    func delete(req: Request) async throws -> Response {
        let (book, customer, path) = try await context(req)
        let address = try await book.require(try req.uuidParameter("address_id"), of: customer)
        try await book.delete(address, of: customer)
        return req.redirect(to: path, flash: "Address deleted.")
    }
}
