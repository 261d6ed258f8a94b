import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Vapor

/// Builds the whole application: used by `main` and by every test alike.
public func configure(_ app: Application, config: AppConfig) async throws {
    app.config = config
    app.routes.defaultMaxBodySize = config.maxBodySize
    ContentConfiguration.global.use(encoder: JSONEncoder.api, for: .json)
    ContentConfiguration.global.use(decoder: JSONDecoder.api, for: .json)

    app.metrics = ClienteleMetrics()
    try DatabaseSetup.register(config.database, poolTimeout: config.databasePoolTimeout, on: app)
    if let replica = config.readReplica {
        try DatabaseSetup.registerReplica(replica, poolTimeout: config.databasePoolTimeout, on: app.databases)
        app.readYourWrites = ReadYourWrites(window: config.readYourWritesWindow)
        app.lifecycle.use(ReplicaMonitor(interval: 1, timeout: config.replicaProbeTimeout))
    }
    ImportDatabase.register(config.database, on: app)
    app.migrations.add(AppMigrations.all)
    try app.prepareDecoyHash()
    app.tokenCache = TokenCache(lifetime: config.tokenCacheSeconds)
    app.organizationCache = OrganizationCache(lifetime: config.tokenCacheSeconds)
    app.publicLookupLimiter = RateLimiter(limit: config.publicLookupsPerMinute, window: 60)

    try routes(app)
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware())
    // Inside the log line's middleware (the span knows the request id) and outside the problem middleware (it sees
    // the status a client gets).
    if config.tracing != nil { app.middleware.use(TracingMiddleware.clientele()) }
    app.middleware.use(ProblemMiddleware(methodIndex: MethodIndex(routes: app.routes.all)))
    app.middleware.use(BodySizeLimitMiddleware())
    if let tracker = app.readYourWrites { app.middleware.use(ReadYourWritesMiddleware(tracker: tracker)) }

    app.asyncCommands.use(CreateUserCommand(), as: "create-user")
    app.asyncCommands.use(CreateTokenCommand(), as: "create-token")
    app.asyncCommands.use(DemoDataCommand(), as: "demo-data")
    app.asyncCommands.use(ExportCommand(), as: "export")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(LoyaltyCommand(), as: "loyalty")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.lifecycle.use(StartupTasks())
    if StartupTasks.isServing(app), config.duplicatePairsInterval > 0 {
        app.lifecycle.use(DuplicatePairUpkeep(interval: config.duplicatePairsInterval))
    }
    if StartupTasks.isServing(app), config.tokenRevocationInterval > 0 {
        app.lifecycle.use(TokenRevocationWatcher(interval: config.tokenRevocationInterval))
    }
    if case let .sqliteFile(path) = config.database, StartupTasks.isServing(app) {
        app.lifecycle.use(WALCheckpointerLifecycle(path: path))
    }
    try app.setUpOutbox(config.outbox, serving: StartupTasks.isServing(app))
    _ = app.importJobs
    _ = app.importSettings
    app.lifecycle.use(ImportJobLifecycle())
    if StartupTasks.isServing(app) { app.lifecycle.use(LoyaltyJobsLifecycle(interval: config.loyaltyJobInterval)) }
}
