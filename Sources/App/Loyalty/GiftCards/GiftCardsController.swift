import Fluent
import Vapor

/// Gift cards: issue (the code shown this once), list, read with history, look up by code (throttled), redeem,
/// disable. Admins and dispatchers; agents and guest users see none. Another organization's card is 404.
struct GiftCardsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let cards = routes.grouped("gift-cards")
        cards.get(use: list)
        cards.post(use: issue)
        cards.post("lookup", use: lookup)
        cards.get(":id", use: show)
        cards.post(":id", "redemptions", use: redeem)
        cards.post(":id", "disable", use: disable)
    }

    static func service(_ req: Request, _ permission: Permission) async throws -> GiftCardService {
        try await GiftCardService.make(for: req, permission, source: "api")
    }

    func list(req: Request) async throws -> Page<GiftCard.Public> {
        let service = try await Self.service(req, .seeLoyalty)
        var status: GiftCardStatus?
        if let text = req.query[String.self, at: "status"] {
            guard let parsed = GiftCardStatus(rawValue: text) else {
                throw Problem.invalid("status", "must be one of " + GiftCardStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            status = parsed
        }
        var customerID: UUID?
        if let text = req.query[String.self, at: "customer_id"] {
            guard let id = UUID(uuidString: text) else { throw Problem.invalid("customer_id", "must be a UUID") }
            customerID = id
        }
        return try await service.list(customerID: customerID, status: status, try PageRequest(from: req))
    }

    func issue(req: Request) async throws -> Response {
        let service = try await Self.service(req, .changeLoyalty)
        return try await IdempotentRequest.respond(to: req) {
            let card = try await service.issue(try req.decodeJSON(GiftCard.Input.self))
            return try await card.created(at: "/api/v1/gift-cards/\(card.id.canonicalString)", for: req)
        }
    }

    func show(req: Request) async throws -> GiftCard.Public {
        try await Self.service(req, .seeLoyalty).show(try req.uuidParameter("id"))
    }

    func lookup(req: Request) async throws -> GiftCard.Public {
        let service = try await Self.service(req, .seeLoyalty)
        return try await service.lookup(try req.decodeJSON(GiftCard.LookupInput.self), client: req.clientAddress,
                                        limits: req.application.config.giftCardLookups)
    }

    func redeem(req: Request) async throws -> Response {
        let service = try await Self.service(req, .changeLoyalty)
        return try await IdempotentRequest.respond(to: req) {
            let (_, line) = try await service.redeem(try req.uuidParameter("id"), try req.decodeJSON(GiftCard.RedemptionInput.self))
            return try await line.encodeResponse(status: .created, for: req)
        }
    }

    func disable(req: Request) async throws -> GiftCard.Public {
        try await Self.service(req, .changeLoyalty).disable(try req.uuidParameter("id"))
    }
}
