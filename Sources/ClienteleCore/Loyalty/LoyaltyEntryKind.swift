/// What moved a customer's points: the ledger's entry kinds. Positive kinds grant points that later spending uses up,
/// oldest first; negative kinds spend them.
public enum LoyaltyEntryKind: String, Sendable, CaseIterable, Codable {
    case earn, redeem, adjust, bonus, expire, reversal

    /// Whether points of this kind expire `expiry_days` after they were granted (earned and bonus points do).
    public var expires: Bool { self == .earn || self == .bonus }
}
