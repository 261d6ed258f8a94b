import ClienteleCore
import Vapor

/// The gift card pages: the list with its filters, issuing (the code shown once), finding a card by its code, one card
/// with its history, redeeming and disabling (after a confirmation step). Thin: `GiftCardService` does the work, as for
/// the API; admins and dispatchers only.
struct GiftCardsWebController {
    func boot(routes: any RoutesBuilder) {
        let cards = routes.grouped("gift-cards")
        cards.get(use: list)
        cards.post(use: issue)
        cards.post("lookup", use: lookup)
        cards.get(":id", use: show)
        cards.post(":id", "redemptions", use: redeem)
        cards.get(":id", "disable", use: confirmDisable)
        cards.post(":id", "disable", use: disable)
    }

    static let listKeys = ["status", "customer_id", "page", "cursor"]

    func list(req: Request) async throws -> Response {
        let service = try await LoyaltyWebServices.giftCards(req, .seeLoyalty)
        let query = WebQuery.values(of: req, keys: Self.listKeys)
        var issue = GiftCardIssueForm.State()
        issue.values["customer_id"] = query["customer_id"]
        return try await render(req, service, query: query, issue: issue)
    }

    func issue(req: Request) async throws -> Response {
        let service = try await LoyaltyWebServices.giftCards(req, .changeLoyalty)
        let fields = try req.formFields()
        do {
            let card = try await service.issue(try GiftCardIssueForm.input(fields))
            guard let code = card.code else { throw Problem.conflict("The card was issued without a code") }
            let names = try await names(req).names(of: [card.customerID].compactMap { $0 })
            let page = GiftCardIssuedPage.page(card, code: code, customerName: card.customerID.flatMap { names[$0] })
            return Layout.response(page, context: try req.dashboard)
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            let issue = GiftCardIssueForm.State(values: fields, errors: FormErrors(problem, fields: GiftCardIssueForm.fields))
            return try await render(req, service, query: [:], issue: issue, status: problem.status)
        }
    }

    func lookup(req: Request) async throws -> Response {
        let service = try await LoyaltyWebServices.giftCards(req, .seeLoyalty)
        let code = try req.formFields()["code"] ?? ""
        do {
            let card = try await service.lookup(GiftCard.LookupInput(code: code), client: req.clientAddress,
                                                limits: req.application.config.giftCardLookups)
            return req.redirect(to: GiftCardTable.path(card.id), flash: nil)
        } catch let problem as Problem where [.notFound, .tooManyRequests, .unprocessableEntity].contains(problem.status) {
            let message = problem.status == .notFound ? "No gift card has this code." : problem.errors?.first.map { "The code \($0.message)" } ?? problem.detail
            let response = try await render(req, service, query: [:], lookup: (code, message), status: problem.status)
            if let retry = problem.headers.first(name: "Retry-After") { response.headers.replaceOrAdd(name: "Retry-After", value: retry) }
            return response
        }
    }

    func show(req: Request) async throws -> Response {
        let service = try await LoyaltyWebServices.giftCards(req, .seeLoyalty)
        return try await renderCard(req, service, card: try await service.show(try req.uuidParameter("id")))
    }

    func redeem(req: Request) async throws -> Response {
        let service = try await LoyaltyWebServices.giftCards(req, .changeLoyalty)
        let id = try req.uuidParameter("id")
        let fields = try req.formFields()
        do {
            let (card, line) = try await service.redeem(id, try GiftCardRedeemForm.input(fields))
            let spent = line.amount.hasPrefix("-") ? String(line.amount.dropFirst()) : line.amount
            return req.redirect(to: GiftCardTable.path(id), flash: "Redeemed \(GiftCardTable.amount(spent, card.currency)): "
                                + "\(GiftCardTable.amount(card.balance, card.currency)) left.")
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .conflict {
            let redeem = GiftCardRedeemForm.State(values: fields, errors: FormErrors(problem, fields: GiftCardRedeemForm.fields))
            return try await renderCard(req, service, card: try await service.show(id), redeem: redeem, status: problem.status)
        }
    }

    func confirmDisable(req: Request) async throws -> Response {
        let service = try await LoyaltyWebServices.giftCards(req, .changeLoyalty)
        let context = try req.dashboard
        let card = try await service.show(try req.uuidParameter("id"))
        return Layout.response(GiftCardDisablePage.page(card, csrf: context.csrf), context: context)
    }

    func disable(req: Request) async throws -> Response {
        let service = try await LoyaltyWebServices.giftCards(req, .changeLoyalty)
        let card = try await service.disable(try req.uuidParameter("id"))
        return req.redirect(to: GiftCardTable.path(card.id), flash: "\(GiftCardTable.name(card)) is disabled.")
    }

    private func names(_ req: Request) throws -> LoyaltyCustomerNames {
        LoyaltyCustomerNames(access: try CustomerAccess(try req.principal), database: req.database)
    }

    private func render(_ req: Request, _ service: GiftCardService, query: [String: String],
                        issue: GiftCardIssueForm.State = GiftCardIssueForm.State(), lookup: (String, String)? = nil,
                        status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let canChange = try req.principal.role.allows(.changeLoyalty)
        var model = GiftCardsPage.Model(query: query, currency: service.organization.currency, issue: canChange ? issue : nil,
                                        lookup: lookup.map { (code: $0.0, error: $0.1) })
        do {
            WebQuery.dropEmpty(req)
            var status: GiftCardStatus?
            if let text = query["status"] {
                guard let parsed = GiftCardStatus(rawValue: text) else {
                    throw Problem.invalid("status", "must be one of " + GiftCardStatus.allCases.map(\.rawValue).joined(separator: ", "))
                }
                status = parsed
            }
            let customerID = try LoyaltyWebServices.id(query["customer_id"], field: "customer_id")
            let page = req.method == .GET ? try PageRequest(from: req) : PageRequest(page: 1, perPage: PageRequest.defaultPerPage)
            let cards = try await service.list(customerID: customerID, status: status, page)
            model.cards = cards
            model.customers = try await names(req).names(of: cards.data.compactMap(\.customerID) + [customerID].compactMap { $0 })
        } catch let problem as Problem where problem.status == .unprocessableEntity || problem.status == .badRequest {
            model.problem = problem.detail
        }
        return Layout.response(GiftCardsPage.page(model, csrf: context.csrf), context: context, status: status)
    }

    private func renderCard(_ req: Request, _ service: GiftCardService, card: GiftCard.Public,
                            redeem: GiftCardRedeemForm.State = GiftCardRedeemForm.State(), status: HTTPStatus = .ok) async throws -> Response {
        let context = try req.dashboard
        let names = try await names(req).names(of: [card.customerID].compactMap { $0 })
        let model = GiftCardDetailPage.Model(card: card, customerName: card.customerID.flatMap { names[$0] },
                                             canChange: try req.principal.role.allows(.changeLoyalty), redeem: redeem)
        return Layout.response(GiftCardDetailPage.page(model, csrf: context.csrf), context: context, status: status)
    }
}
