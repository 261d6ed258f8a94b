import Foundation

/// Exactly which rows moved from one removed record to the kept one, and what the move changed besides moving them:
/// what an undo needs to put each back.
struct MergeMoves: Codable, Sendable, Equatable {
    /// Row ids per table (`orders`, `tasks`, `addresses`, …; see `MergeRowMover.tables`).
    var rows: [String: [UUID]] = [:]
    /// The removed record's default address, made an ordinary one while it belongs to the kept record (nil: none, or
    /// it stayed the default because the kept record had none).
    var clearedDefaultAddress: UUID?
    /// The removed record's default address, whether or not it was cleared.
    var defaultAddress: UUID?
    /// Loyalty grants' unspent points when they moved (entry id → remaining).
    var loyaltyRemaining: [String: Int] = [:]
    /// Bonus keys taken off moved entries because the kept record had the same bonus (entry id → key).
    var loyaltyBonusKeys: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case rows
        case clearedDefaultAddress = "cleared_default_address"
        case defaultAddress = "default_address"
        case loyaltyRemaining = "loyalty_remaining"
        case loyaltyBonusKeys = "loyalty_bonus_keys"
    }

    func ids(_ table: String) -> [UUID] { rows[table] ?? [] }

    /// How many rows moved, per public kind (`timeline` for `customer_events`).
    var counts: [String: Int] {
        var counts: [String: Int] = [:]
        for (table, kind) in MergeRowMover.tables { counts[kind] = ids(table).count }
        return counts
    }

    func json() throws -> String { String(decoding: try JSONEncoder.api.encode(self), as: UTF8.self) }

    static func decode(_ text: String) throws -> MergeMoves {
        try JSONDecoder.api.decode(MergeMoves.self, from: Data(text.utf8))
    }
}
