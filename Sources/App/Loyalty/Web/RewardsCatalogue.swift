import ClienteleStore
import Fluent
import Foundation

/// The organization's rewards for the dashboard: the catalogue in the API's order (oldest first), and adding or
/// changing a reward — the rules are `Reward.apply`'s, as for `POST /rewards` and `PATCH /rewards/{id}`.
struct RewardsCatalogue {
    let tenant: Tenant
    let database: any Database

    func all() async throws -> [Reward] {
        try await tenant.query(Reward.self, on: database).sort(\.$createdAt).sort(\.$id).limit(200).all()
    }

    func add(_ input: Reward.Input) async throws -> Reward {
        let reward = Reward()
        reward.id = UUID.timeOrdered()
        reward.organizationID = tenant.organizationID
        try reward.apply(input, isCreate: true)
        reward.createdAt = Date()
        reward.updatedAt = reward.createdAt
        try await reward.create(on: database)
        return reward
    }

    func change(_ id: UUID, _ input: Reward.Input) async throws -> Reward {
        let reward = try await tenant.require(Reward.self, id: id, on: database, what: "reward")
        try reward.apply(input, isCreate: false)
        if reward.hasChanges {
            reward.updatedAt = Date()
            try await reward.save(on: database)
        }
        return reward
    }
}
