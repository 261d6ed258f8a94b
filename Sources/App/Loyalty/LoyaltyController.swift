import Fluent
import Vapor

/// A customer's points: `GET /customers/{id}/loyalty` (admins, dispatchers, and guest users for the customers they
/// manage), the ledger, adjustments and redemptions (admins and dispatchers), and the rewards it redeemed. Agents see
/// nothing of loyalty. Another organization's customer is 404.
struct LoyaltyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let loyalty = routes.grouped("customers", ":id", "loyalty")
        loyalty.get(use: summary)
        loyalty.get("entries", use: entries)
        loyalty.post("adjustments", use: adjust)
        loyalty.post("redemptions", use: redeem)
        routes.get("customers", ":id", "rewards", use: rewards)
    }

    static func service(_ req: Request, _ permission: Permission) async throws -> (LoyaltyService, Customer) {
        try await LoyaltyService.forCustomer(req, permission, source: "api")
    }

    func summary(req: Request) async throws -> LoyaltySummary {
        let (service, customer) = try await Self.service(req, .seeLoyaltyBalance)
        return try await service.summary(of: customer)
    }

    func entries(req: Request) async throws -> Page<LoyaltyEntry.Public> {
        let (service, customer) = try await Self.service(req, .seeLoyalty)
        return try await service.entries(of: customer, try PageRequest(from: req))
    }

    func adjust(req: Request) async throws -> Response {
        let (service, customer) = try await Self.service(req, .changeLoyalty)
        return try await IdempotentRequest.respond(to: req) {
            let entry = try await service.adjust(customer, try req.decodeJSON(LoyaltyAdjustmentInput.self))
            return try await LoyaltyEntry.Public(entry).encodeResponse(status: .created, for: req)
        }
    }

    func redeem(req: Request) async throws -> Response {
        let (service, customer) = try await Self.service(req, .changeLoyalty)
        return try await IdempotentRequest.respond(to: req) {
            let entry = try await service.redeem(customer, try req.decodeJSON(LoyaltyRedemptionInput.self))
            return try await LoyaltyEntry.Public(entry).encodeResponse(status: .created, for: req)
        }
    }

    func rewards(req: Request) async throws -> Page<RewardRedemption> {
        let (service, customer) = try await Self.service(req, .seeLoyalty)
        return try await service.redemptions(of: customer, try PageRequest(from: req))
    }
}
