import Foundation

/// Who made a change, for the timeline: a signed-in user, or the system (imports, intake channels).
struct Actor: Sendable {
    let userID: UUID?
    let name: String?
    /// The channel: `api`, `dashboard`, `import`, or a channel name.
    let source: String

    static func user(_ user: User, source: String) -> Actor {
        Actor(userID: user.id, name: user.name, source: source)
    }
}
