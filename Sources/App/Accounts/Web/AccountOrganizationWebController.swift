import Vapor

/// One organization of the person: `GET /account/organizations/{id}` (addresses and points), its address book
/// (`POST …/addresses`, `POST …/addresses/{address_id}`, `POST …/addresses/{address_id}/delete`) under the staff
/// address book's rules, and `POST …/rewards/{reward_id}/redeem`. `AccountSelfService` does the work, as for the API;
/// an organization the person did not join is 404.
struct AccountOrganizationWebController {
    static let ledgerLength = 50

    func boot(routes: any RoutesBuilder) {
        let organization = routes.grouped("organizations", ":organization_id")
        organization.get(use: show)
        organization.post("addresses", use: addAddress)
        organization.post("addresses", ":address_id", use: updateAddress)
        organization.post("addresses", ":address_id", "delete", use: deleteAddress)
        organization.post("rewards", ":reward_id", "redeem", use: redeem)
    }

    private func selfService(_ req: Request) throws -> AccountSelfService {
        AccountSelfService(database: req.database, account: try req.accountPortal.account)
    }

    private func base(_ req: Request) throws -> String {
        "/account/organizations/\(try req.uuidParameter("organization_id").canonicalString)"
    }

    func show(req: Request) async throws -> Response {
        try await render(req, addressErrors: nil, problem: nil, status: .ok)
    }

    func addAddress(req: Request) async throws -> Response {
        let (book, customer) = try await selfService(req).addressBook(try req.uuidParameter("organization_id"))
        let fields = try req.formFields()
        do {
            _ = try await book.add(AddressBookView.input(fields, isCreate: true), to: customer)
            return req.redirect(to: try base(req), flash: "Address added.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await render(req, addressErrors: ("new", FormErrors(problem, fields: AddressBookView.fields), fields), problem: nil,
                                    status: problem.status)
        }
    }

    func updateAddress(req: Request) async throws -> Response {
        let (book, customer) = try await selfService(req).addressBook(try req.uuidParameter("organization_id"))
        let address = try await book.require(try req.uuidParameter("address_id"), of: customer)
        let fields = try req.formFields()
        var input = AddressBookView.input(fields, isCreate: false)
        if fields["is_default"] == "true" { input.isDefault = .value(true) }
        do {
            _ = try await book.update(address, with: input, of: customer)
            return req.redirect(to: try base(req), flash: "Address saved.")
        } catch let problem as Problem where problem.status == .unprocessableEntity {
            return try await render(req, addressErrors: (address.id!.canonicalString, FormErrors(problem, fields: AddressBookView.fields), fields),
                                    problem: nil, status: problem.status)
        }
    }

    func deleteAddress(req: Request) async throws -> Response {
        let (book, customer) = try await selfService(req).addressBook(try req.uuidParameter("organization_id"))
        let address = try await book.require(try req.uuidParameter("address_id"), of: customer)
        try await book.delete(address, of: customer)
        return req.redirect(to: try base(req), flash: "Address deleted.")
    }

    func redeem(req: Request) async throws -> Response {
        let (service, customer) = try await selfService(req).loyalty(try req.uuidParameter("organization_id"))
        do {
            let entry = try await service.redeem(customer, LoyaltyRedemptionInput(points: nil, rewardID: try req.uuidParameter("reward_id"),
                                                                                   orderID: nil))
            return req.redirect(to: try base(req), flash: "You redeemed \(entry.reason ?? "the reward") for \(-entry.points) points: "
                                    + "show this page when you collect it.")
        } catch let problem as Problem where [.unprocessableEntity, .conflict].contains(problem.status) {
            return try await render(req, addressErrors: nil, problem: problem.errors?.first?.message.capitalizedFirst ?? problem.detail,
                                    status: problem.status)
        }
    }

    private func render(_ req: Request, addressErrors: (id: String, errors: FormErrors, values: [String: String])?, problem: String?,
                        status: HTTPStatus) async throws -> Response {
        let context = try req.accountPortal
        let organizationID = try req.uuidParameter("organization_id")
        let service = try selfService(req)
        let (book, customer) = try await service.addressBook(organizationID)
        let (loyalty, _) = try await service.loyalty(organizationID)
        let entries = try await loyalty.entries(of: customer, PageRequest(page: 1, perPage: Self.ledgerLength))
        let model = AccountOrganizationPage.Model(
            link: try await AccountLinksService(database: req.database, account: context.account).view(customer),
            addresses: try await book.list(for: customer),
            loyalty: .init(enabled: loyalty.program.enabled, summary: try await loyalty.summary(of: customer),
                           rewards: try await service.rewards(organizationID),
                           entries: entries.data.map { AccountSelfService.LedgerEntry($0.entry) }, total: entries.total),
            addressErrors: addressErrors, problem: problem)
        return AccountLayout.response(AccountOrganizationPage.page(model, context: context), context: context, status: status)
    }
}

private extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
