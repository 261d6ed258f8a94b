import Fluent
import Vapor

/// Something a customer can get for points: an organization's catalogue.
final class Reward: Model, @unchecked Sendable {
    static let schema = "rewards"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "name") var name: String
    @Field(key: "points_cost") var pointsCost: Int
    @Field(key: "active") var active: Bool
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    struct Public: Content {
        let id: UUID
        let name: String
        let pointsCost: Int
        let active: Bool
        let createdAt: Date
        let updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case id, name, active
            case pointsCost = "points_cost"
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }
    }

    var asPublic: Public {
        Public(id: id!, name: name, pointsCost: pointsCost, active: active, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// `POST /rewards` and `PATCH /rewards/{id}`: `name`, `points_cost` (> 0), `active`.
    struct Input: Content {
        var name: String?
        var pointsCost: Int?
        var active: Bool?

        enum CodingKeys: String, CodingKey {
            case name, active
            case pointsCost = "points_cost"
        }
    }

    /// Applies the fields sent; a create needs a name and a cost.
    func apply(_ input: Input, isCreate: Bool) throws {
        var v = Validator()
        if let name = v.text(input.name, "name", required: isCreate, max: 200) { self.name = name }
        switch input.pointsCost {
        case nil: if isCreate { v.add("points_cost", "is required") }
        case let cost? where (1...LoyaltyProgram.maxPointsPerEntry).contains(cost): pointsCost = cost
        default: v.add("points_cost", "must be a whole number of points from 1 to \(LoyaltyProgram.maxPointsPerEntry)")
        }
        if let active = input.active { self.active = active } else if isCreate { active = true }
        try v.check()
    }
}

extension Reward: TenantModel {}
