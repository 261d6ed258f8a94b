/// Work for a key run one at a time in this process. A caller who finds work for its key running waits for it to end,
/// whatever its outcome, and then runs its own — or, with `skipIfRunning`, answers nil at once. An error stays with
/// the caller whose work threw it: the next caller runs its own work rather than inheriting the failure.
actor OneAtATime<Key: Hashable & Sendable, Value: Sendable> {
    private var running: [Key: Task<Value, any Error>] = [:]

    func run(_ key: Key, skipIfRunning: Bool = false, _ work: @escaping @Sendable () async throws -> Value) async throws -> Value? {
        while let current = running[key] {
            if skipIfRunning { return nil }
            _ = try? await current.value
            try Task.checkCancellation()
            // Its owner clears it too, but a finished task's value returns without suspending: the owner may not have
            // had its turn on this actor yet.
            if running[key] == current { running[key] = nil }
        }
        let task = Task { try await work() }
        running[key] = task
        defer { if running[key] == task { running[key] = nil } }
        // The work is the caller's: cancelling the caller cancels it, as when it ran in the caller's own task.
        return try await withTaskCancellationHandler { try await task.value } onCancel: { task.cancel() }
    }

    /// Whether work for `key` runs in this process now.
    func isRunning(_ key: Key) -> Bool { running[key] != nil }
}
