import Foundation

/// One refresh of an organization's kept pairs at a time in this process. After a bulk load every refresh computes
/// every pair again (`DuplicatePairIndex.incrementalLimit`), which takes minutes of CPU at a million customers: the
/// import's own refresh and the background pass would otherwise both do it, side by side. A caller who finds one
/// running waits for it and then refreshes what changed since (usually nothing); the background pass skips instead
/// (`skipIfRunning`), and the pass being cancelled at shutdown cancels its refresh.
enum DuplicatePairRefreshes {
    static let shared = OneAtATime<UUID, Int>()
}
