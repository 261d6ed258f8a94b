import Fluent
import Vapor

/// The rewards catalogue: `GET, POST /rewards`, `PATCH /rewards/{id}`. Admins and dispatchers read it (they redeem
/// rewards for customers); admins change it.
struct RewardsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let rewards = routes.grouped("rewards")
        rewards.get(use: list)
        rewards.post(use: create)
        rewards.patch(":id", use: update)
    }

    func list(req: Request) async throws -> Page<Reward.Public> {
        let principal = try req.principal
        try principal.require(.seeLoyalty)
        let page = try PageRequest(from: req)
        let query = try principal.tenant().query(Reward.self, on: req.database)
        if let active = req.query[String.self, at: "active"] {
            guard let flag = Bool(active) else { throw Problem.invalid("active", "must be true or false") }
            query.filter(\.$active == flag)
        }
        let total = try await query.copy().count()
        let items = try await query.sort(\.$createdAt).sort(\.$id).range(page.offset..<(page.offset + page.perPage)).all()
        return Page(items.map(\.asPublic), total: total, nextCursor: nil, request: page)
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        try principal.require(.manageRewards)
        let tenant = try principal.tenant()
        return try await IdempotentRequest.respond(to: req) {
            let reward = Reward()
            reward.id = UUID.timeOrdered()
            reward.organizationID = tenant.organizationID
            try reward.apply(try req.decodeJSON(Reward.Input.self), isCreate: true)
            reward.createdAt = Date()
            reward.updatedAt = reward.createdAt
            try await reward.create(on: req.database)
            return try await reward.asPublic.created(at: "/api/v1/rewards/\(reward.id!.canonicalString)", for: req)
        }
    }

    func update(req: Request) async throws -> Reward.Public {
        let principal = try req.principal
        try principal.require(.manageRewards)
        let reward = try await principal.tenant().require(Reward.self, id: try req.uuidParameter("id"), on: req.database, what: "reward")
        try reward.apply(try req.decodeJSON(Reward.Input.self), isCreate: false)
        if reward.hasChanges {
            reward.updatedAt = Date()
            try await reward.save(on: req.database)
        }
        return reward.asPublic
    }
}
