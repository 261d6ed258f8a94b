import Foundation

/// One refresh of an organization's kept pairs at a time in this process. After a bulk load every refresh computes
/// every pair again (`DuplicatePairIndex.incrementalLimit`), which takes minutes of CPU at a million customers: the
/// import's own refresh and the background pass would otherwise both do it, side by side. A caller who finds one
/// running waits for it and then refreshes what changed since (usually nothing); the background pass skips instead.
actor DuplicatePairRefreshes {
    static let shared = DuplicatePairRefreshes()

    private var running: [UUID: Task<Int, any Error>] = [:]

    /// Runs `work` for `organizationID` once no other refresh of it runs here; with `skipIfRunning`, answers nil at once
    /// when one does.
    func run(_ organizationID: UUID, skipIfRunning: Bool, _ work: @escaping @Sendable () async throws -> Int) async throws -> Int? {
        while let current = running[organizationID] {
            if skipIfRunning { return nil }
            _ = try? await current.value
            try Task.checkCancellation()
            // Its owner clears it too, but a finished task's value returns without suspending: the owner may not have
            // had its turn on this actor yet.
            if running[organizationID] == current { running[organizationID] = nil }
        }
        let task = Task { try await work() }
        running[organizationID] = task
        defer { if running[organizationID] == task { running[organizationID] = nil } }
        // The work is the caller's: cancelling the caller (the background pass at shutdown) cancels it, as when it ran
        // in the caller's own task.
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    /// Whether a refresh of `organizationID` runs in this process now.
    func isRunning(_ organizationID: UUID) -> Bool { running[organizationID] != nil }
}
