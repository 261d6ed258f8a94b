import Vapor

/// Runs the storage engine's `WALCheckpointer` from the application's boot to its shutdown.
struct WALCheckpointerLifecycle: LifecycleHandler {
    let checkpointer: WALCheckpointer

    init(path: String) { checkpointer = WALCheckpointer(path: path) }

    func didBootAsync(_ app: Application) async throws {
        checkpointer.start(on: app.eventLoopGroup, logger: app.logger)
    }

    func shutdownAsync(_ app: Application) async {
        await checkpointer.stop()
    }
}
