import App
import Foundation
import Logging
import NIOCore
import NIOPosix
import Vapor

// Swift tasks run on the event loops themselves: a database answer resumes its request without another thread hop.
_ = NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()

var env = try Environment.detect()
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    try await configure(app, config: AppConfig.fromEnvironment())
    try await app.execute()
} catch {
    // A configuration or start-up failure: say what went wrong and exit, without a crash report.
    FileHandle.standardError.write(Data("clientele: \(error)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
