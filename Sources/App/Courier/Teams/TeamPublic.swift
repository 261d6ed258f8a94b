import Vapor

extension Team {
    /// A team as the API shows it, with its agents.
    struct Public: Content {
        struct Member: Content {
            let id: UUID
            let name: String
            let email: String
        }

        let id: UUID
        let name: String
        let members: [Member]
        let memberIds: [UUID]
        let createdAt: Date?
        let updatedAt: Date?

        enum CodingKeys: String, CodingKey {
            case id, name, members
            case memberIds = "member_ids", createdAt = "created_at", updatedAt = "updated_at"
        }

        init(_ team: Team, members: [Member]) {
            id = team.id!
            name = team.name
            self.members = members
            memberIds = members.map(\.id)
            createdAt = team.createdAt
            updatedAt = team.updatedAt
        }
    }

    struct Input: Content {
        var name: String?
    }

    struct MembersInput: Content {
        var userIDs: [UUID]?

        enum CodingKeys: String, CodingKey { case userIDs = "user_ids" }
    }
}
