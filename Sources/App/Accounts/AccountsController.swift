import Vapor

/// The account realm's public routes: sign-up, verification, sign-in, password reset, and a new address's
/// confirmation. Sign-up and reset answer the same for known and unknown emails.
struct AccountsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let accounts = routes.grouped("accounts")
        accounts.post(use: signUp)
        accounts.post("verify", use: verify)
        accounts.post("token", use: signIn)
        accounts.post("password-reset", use: requestReset)
        accounts.post("password-reset", "confirm", use: confirmReset)
        accounts.post("confirm-email", use: confirmEmail)
        routes.post("public", "checkout", use: checkout)
    }

    func checkout(req: Request) async throws -> Response {
        let receipt = try await PublicCheckout(req: req).place()
        return try await receipt.encodeResponse(status: .created, for: req)
    }

    func signUp(req: Request) async throws -> Response {
        let receipt = try await AccountService(req: req).signUp(try req.decodeJSON(AccountService.SignUpInput.self),
                                                                address: req.clientAddress)
        return try await receipt.encodeResponse(status: .created, for: req)
    }

    func verify(req: Request) async throws -> Account.Public {
        try await AccountService(req: req).verify(try req.decodeJSON(AccountService.TokenInput.self)).asPublic
    }

    func signIn(req: Request) async throws -> Response {
        let issued = try await AccountService(req: req).signIn(try req.decodeJSON(AccountService.SignInInput.self), address: req.clientAddress)
        return try await issued.encodeResponse(status: .created, for: req)
    }

    struct Accepted: Content {
        let status: String
        let detail: String
    }

    func requestReset(req: Request) async throws -> Response {
        try await AccountService(req: req).requestReset(try req.decodeJSON(AccountService.ResetInput.self), address: req.clientAddress)
        return try await Accepted(status: "accepted", detail: "If this address has an account, a link to reset its password is on its way")
            .encodeResponse(status: .accepted, for: req)
    }

    func confirmReset(req: Request) async throws -> Account.Public {
        try await AccountService(req: req).confirmReset(try req.decodeJSON(AccountService.ResetConfirmInput.self)).asPublic
    }

    func confirmEmail(req: Request) async throws -> Account.Public {
        try await AccountService(req: req).confirmEmail(try req.decodeJSON(AccountService.TokenInput.self)).asPublic
    }
}

/// The signed-in account's own routes (`/api/v1/account/…`, an account token only): the profile, sign-out, its links
/// with their consent, addresses and loyalty, its orders with checkout and reorder, its in-app messages, the data
/// export and the erasure request. Another account's anything is 404.
struct AccountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let account = routes.grouped("account")
        account.get(use: me)
        account.patch(use: update)
        account.delete("token", use: signOut)
        account.post("verification", use: resendVerification)
        account.get("links", use: links)
        account.post("links", use: join)
        account.patch("links", ":organization_id", use: consent)
        account.delete("links", ":organization_id", use: leave)
        let addresses = account.grouped("links", ":organization_id", "addresses")
        addresses.get(use: addressList)
        addresses.post(use: addressCreate)
        addresses.patch(":address_id", use: addressUpdate)
        addresses.delete(":address_id", use: addressDelete)
        let loyalty = account.grouped("links", ":organization_id", "loyalty")
        loyalty.get(use: loyaltySummary)
        loyalty.get("entries", use: loyaltyEntries)
        loyalty.post("redemptions", use: redeem)
        account.get("links", ":organization_id", "rewards", use: rewards)
        account.get("orders", use: orders)
        account.post("orders", use: checkout)
        account.get("orders", ":id", use: order)
        account.post("orders", ":id", "reorder", use: reorder)
        account.get("notifications", use: notifications)
        account.post("data-export", use: dataExport)
        account.post("erasure-request", use: erasureRequest)
    }

    private func current(_ req: Request) throws -> Account { try req.accountPrincipal.account }

    func me(req: Request) async throws -> Response {
        let account = try current(req)
        let response = try await account.asPublic.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .eTag, value: ETag.value(account.version))
        return response
    }

    func update(req: Request) async throws -> Response {
        var ifMatch: Int?
        if let header = req.headers.first(name: .ifMatch) {
            switch ETag.parse(header) {
            case .any: break
            case let .version(version): ifMatch = version
            case nil: throw Problem.badRequest("If-Match must be the ETag of the account, like \"3\"", field: "If-Match")
            }
        }
        let account = try await AccountService(req: req).update(try current(req), try req.decodeJSON(AccountProfile.Input.self), ifMatch: ifMatch)
        let response = try await account.asPublic.encodeResponse(for: req)
        response.headers.replaceOrAdd(name: .eTag, value: ETag.value(account.version))
        return response
    }

    func signOut(req: Request) async throws -> HTTPStatus {
        try await AccountTokens(database: req.database).revoke(id: try req.accountPrincipal.tokenID)
        return .noContent
    }

    func resendVerification(req: Request) async throws -> Response {
        try await AccountService(req: req).resendVerification(try current(req))
        return try await AccountsController.Accepted(status: "accepted", detail: "A new confirmation link is on its way")
            .encodeResponse(status: .accepted, for: req)
    }

    // MARK: links

    private func linksService(_ req: Request) throws -> AccountLinksService {
        AccountLinksService(database: req.database, account: try current(req))
    }

    func links(req: Request) async throws -> Page<AccountLinksService.View> {
        let all = try await linksService(req).list()
        let page = try PageRequest(from: req)
        return Page(Array(all.dropFirst(page.offset).prefix(page.perPage)), total: all.count, nextCursor: nil, request: page)
    }

    func join(req: Request) async throws -> Response {
        let (view, isNew) = try await linksService(req).join(try req.decodeJSON(AccountLinksService.JoinInput.self))
        return try await view.encodeResponse(status: isNew ? .created : .ok, for: req)
    }

    func consent(req: Request) async throws -> AccountLinksService.View {
        try await linksService(req).consent(try req.uuidParameter("organization_id"),
                                            try req.decodeJSON(AccountLinksService.ConsentInput.self))
    }

    func leave(req: Request) async throws -> HTTPStatus {
        try await linksService(req).leave(try req.uuidParameter("organization_id"))
        return .noContent
    }

    // MARK: addresses and loyalty, per link

    private func selfService(_ req: Request) throws -> AccountSelfService {
        AccountSelfService(database: req.database, account: try current(req))
    }

    func addressList(req: Request) async throws -> Page<Address.Public> {
        let (book, customer) = try await selfService(req).addressBook(try req.uuidParameter("organization_id"))
        let page = try PageRequest(from: req)
        let all = try await book.list(for: customer)
        return Page(Array(all.dropFirst(page.offset).prefix(page.perPage)).map(Address.Public.init), total: all.count, nextCursor: nil,
                    request: page)
    }

    func addressCreate(req: Request) async throws -> Response {
        let organizationID = try req.uuidParameter("organization_id")
        let (book, customer) = try await selfService(req).addressBook(organizationID)
        let address = try await book.add(try req.decodeJSON(Address.Input.self), to: customer)
        return try await Address.Public(address).created(
            at: "/api/v1/account/links/\(organizationID.canonicalString)/addresses/\(address.id!.canonicalString)", for: req)
    }

    func addressUpdate(req: Request) async throws -> Address.Public {
        let (book, customer) = try await selfService(req).addressBook(try req.uuidParameter("organization_id"))
        let address = try await book.require(try req.uuidParameter("address_id"), of: customer)
        return Address.Public(try await book.update(address, with: try req.decodeJSON(Address.Input.self), of: customer))
    }

    func addressDelete(req: Request) async throws -> HTTPStatus {
        let (book, customer) = try await selfService(req).addressBook(try req.uuidParameter("organization_id"))
        let address = try await book.require(try req.uuidParameter("address_id"), of: customer)
        try await book.delete(address, of: customer)
        return .noContent
    }

    func loyaltySummary(req: Request) async throws -> LoyaltySummary {
        let (service, customer) = try await selfService(req).loyalty(try req.uuidParameter("organization_id"))
        return try await service.summary(of: customer)
    }

    func loyaltyEntries(req: Request) async throws -> Page<AccountSelfService.LedgerEntry> {
        let (service, customer) = try await selfService(req).loyalty(try req.uuidParameter("organization_id"))
        let page = try PageRequest(from: req)
        let entries = try await service.entries(of: customer, page)
        return Page(entries.data.map { AccountSelfService.LedgerEntry($0.entry) }, total: entries.total, nextCursor: entries.nextCursor,
                    request: page)
    }

    struct RedeemInput: Decodable, Sendable {
        var rewardID: UUID?
        var orderID: UUID?

        enum CodingKeys: String, CodingKey {
            case rewardID = "reward_id", orderID = "order_id"
        }
    }

    /// The person redeems a reward of the catalogue (points alone are redeemed by staff, against an order).
    func redeem(req: Request) async throws -> Response {
        let (service, customer) = try await selfService(req).loyalty(try req.uuidParameter("organization_id"))
        let body = try req.decodeJSON(RedeemInput.self)
        guard let rewardID = body.rewardID else { throw Problem.invalid("reward_id", "is required: the reward to redeem") }
        let entry = try await service.redeem(customer, LoyaltyRedemptionInput(points: nil, rewardID: rewardID, orderID: body.orderID))
        return try await AccountSelfService.LedgerEntry(entry).encodeResponse(status: .created, for: req)
    }

    func rewards(req: Request) async throws -> Page<Reward.Public> {
        let all = try await selfService(req).rewards(try req.uuidParameter("organization_id"))
        let page = try PageRequest(from: req)
        return Page(Array(all.dropFirst(page.offset).prefix(page.perPage)), total: all.count, nextCursor: nil, request: page)
    }

    // MARK: orders

    private func ordersService(_ req: Request) throws -> AccountOrders {
        AccountOrders(database: req.database, accountID: try req.accountPrincipal.accountID, publicURL: req.application.config.outbox.publicURL)
    }

    func orders(req: Request) async throws -> Page<AccountOrders.View> {
        try await ordersService(req).list(try PageRequest(from: req))
    }

    func order(req: Request) async throws -> AccountOrders.View {
        let service = try ordersService(req)
        return try await service.view(try await service.find(try req.uuidParameter("id")))
    }

    /// Checkout; an `Idempotency-Key` gives the same answer once, never a second order.
    func checkout(req: Request) async throws -> Response {
        let service = try ordersService(req)
        let input = try req.decodeJSON(AccountOrders.CheckoutInput.self)
        let organization = try await input.organization.asyncMap { try await AccountLinksService.organization(slug: $0, on: req.database) } ?? nil
        let work = {
            let order = try await service.checkout(try self.current(req), input)
            return try await service.view(order).created(at: "/api/v1/account/orders/\(order.id!.canonicalString)", for: req)
        }
        guard let organizationID = organization?.id else { return try await work() }
        return try await IdempotentRequest.respond(to: req, tenant: Tenant(organizationID: organizationID),
                                                   userID: try req.accountPrincipal.accountID, work)
    }

    func reorder(req: Request) async throws -> Response {
        let service = try ordersService(req)
        let original = try await service.find(try req.uuidParameter("id"))
        return try await IdempotentRequest.respond(to: req, tenant: Tenant(organizationID: original.organizationID),
                                                   userID: try req.accountPrincipal.accountID) {
            let order = try await service.reorder(try original.requireID())
            return try await service.view(order).created(at: "/api/v1/account/orders/\(order.id!.canonicalString)", for: req)
        }
    }

    // MARK: messages, export, erasure

    func notifications(req: Request) async throws -> Page<AccountSelfService.Message> {
        try await selfService(req).messages(try PageRequest(from: req))
    }

    func dataExport(req: Request) async throws -> Response {
        let export = try await selfService(req).dataExport()
        let response = Response(status: .ok, body: .init(data: try JSONEncoder.api.encode(export)))
        response.headers.contentType = .json
        response.headers.replaceOrAdd(name: .contentDisposition, value: "attachment; filename=\"my-data.json\"")
        return response
    }

    func erasureRequest(req: Request) async throws -> Response {
        let receipt = try await selfService(req).requestErasure(config: req.application.config.outbox)
        return try await receipt.encodeResponse(status: .accepted, for: req)
    }
}
