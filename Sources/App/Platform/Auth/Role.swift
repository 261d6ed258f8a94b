/// What a user may do. `superAdmin` belongs to no organization and is never assignable through the API.
enum Role: String, Codable, CaseIterable, Sendable {
    case superAdmin = "super_admin"
    case admin
    case dispatcher
    case agent
    case guest
    /// A user of a courier's business client: the client portal only, never a staff route.
    case client

    /// The roles an organization's users can hold.
    static let organizationRoles: [Role] = [.admin, .dispatcher, .agent, .guest]
}
