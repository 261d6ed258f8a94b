/// A courier's business client: created `pending`, `invited` by email, `active` once it accepted, `deleted` at the
/// end (its logins stop; its orders and tasks stay with the courier).
public enum ClientStatus: String, CaseIterable, Sendable, Codable {
    case pending, invited, active, deleted

    /// Whether the courier may (re)send an invitation.
    public var mayBeInvited: Bool { self == .pending || self == .invited }
}
