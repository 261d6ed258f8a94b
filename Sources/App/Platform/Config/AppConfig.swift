import Vapor

/// Typed settings read once from the environment; tests build their own.
public struct AppConfig: Sendable {
    public var database: DatabaseURL
    public var adminEmail: String?
    public var adminPassword: String?
    public var maxBodySize: ByteCount
    public var tokenLifetime: TimeInterval
    public var bcryptCost: Int
    public var loginThrottle: LoginLimits
    /// Client addresses are read from `X-Forwarded-For` only behind a proxy we were told to trust.
    public var trustForwardedFor: Bool
    /// Migrate and bootstrap the first super admin when the server boots.
    public var migrateOnBoot: Bool
    /// Unauthenticated order lookups allowed per client address per minute.
    public var publicLookupsPerMinute = 60
    /// How long a request waits for a free PostgreSQL connection before it is answered 503.
    public var databasePoolTimeout: TimeInterval = 5
    /// How long a resolved bearer token is remembered (see `TokenCache`); 0 reads every token from the database.
    public var tokenCacheSeconds: TimeInterval = 5
    /// A dashboard session unused this long ends (it also ends at `tokenLifetime` after sign-in).
    public var sessionIdleTimeout: TimeInterval = 12 * 3600
    /// Notification delivery: providers, public links, retries.
    public var outbox = OutboxConfig()
    /// Gift card lookups that miss, allowed per user (`perEmail`) and per client address within the window: a code
    /// is a bearer secret, guessed like a password.
    public var giftCardLookups = LoginLimits(perEmail: 10, perAddress: 30)
    /// Customer accounts' sign-ups and password reset requests (each sends an email) per address and per client
    /// address within an hour: counted the same for known and unknown emails.
    public var accountEmails = LoginLimits(perEmail: 5, perAddress: 30, window: 3_600)
    /// Checkouts without staff (`POST /api/v1/public/checkout`) per client address within an hour.
    public var publicCheckoutsPerHour = 60
    /// Scheduled loyalty jobs (birthday bonuses, expiry): how often each instance tries to take their lease; 0 runs
    /// none in this process (`clientele loyalty run` still does).
    public var loyaltyJobInterval: TimeInterval = 600
    /// How often a serving process on PostgreSQL looks whether another instance revoked tokens (`TokenRevocations`);
    /// 0 turns the watch off (tests that do not need it).
    public var tokenRevocationInterval: TimeInterval = 0.25
    /// An import job left `running` whose cursor has not moved for this long is taken over by a serving instance that
    /// looks every `importSweepInterval` (its own instance died: several instances on one PostgreSQL database).
    public var importStaleAfter: TimeInterval = 60
    public var importSweepInterval: TimeInterval = 15
    /// How often a serving process brings the duplicates page's kept pairs up to date in the background; 0: only when
    /// the page is read (and after imports).
    public var duplicatePairsInterval: TimeInterval = 5
    /// A bearer token that opens `GET /metrics` (for a Prometheus scraper, which has no user); a super admin's token
    /// opens it too. Nil: super admins only.
    public var metricsToken: String?
    /// A PostgreSQL streaming replica for reads that may lag (lists, search, exports, statistics): `DATABASE_READ_URL`.
    public var readReplica: DatabaseURL?
    /// After a user writes, that user's lag-tolerant reads go to the primary for this long, on every instance, so they
    /// see their own writes through the replica's lag.
    public var readYourWritesWindow: TimeInterval = 5
    /// The read replica's health check (`ReplicaMonitor`) counts a look that takes longer as no answer.
    public var replicaProbeTimeout: TimeInterval = 2
    /// A request with an `Idempotency-Key` still unanswered after this long was abandoned by its server (it died): a
    /// retry with the key takes it over (see `IdempotencyStore`).
    public var idempotencyLease: TimeInterval = 30
    /// Traces to an OpenTelemetry collector (`OTEL_EXPORTER_OTLP_ENDPOINT`, see `TracingSettings`); nil: none. `main`
    /// starts the exporter (`TraceExport`); `configure` adds a span per request when this is set.
    public var tracing: TracingSettings?

    public init(
        database: DatabaseURL,
        adminEmail: String? = nil,
        adminPassword: String? = nil,
        maxBodySize: ByteCount = "1mb",
        tokenLifetime: TimeInterval = 30 * 24 * 3600,
        bcryptCost: Int = 12,
        loginThrottle: LoginLimits = .init(),
        trustForwardedFor: Bool = false,
        migrateOnBoot: Bool = true
    ) {
        self.database = database
        self.adminEmail = adminEmail
        self.adminPassword = adminPassword
        self.maxBodySize = maxBodySize
        self.tokenLifetime = tokenLifetime
        self.bcryptCost = bcryptCost
        self.loginThrottle = loginThrottle
        self.trustForwardedFor = trustForwardedFor
        self.migrateOnBoot = migrateOnBoot
    }

    /// Reads `DATABASE_URL`, `CLIENTELE_*` and friends; unset values take the documented defaults.
    public static func fromEnvironment() throws -> AppConfig {
        let env = ProcessInfo.processInfo.environment
        let database = try env["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 }.map(DatabaseURL.parse)
            ?? .sqliteFile(path: "data/clientele.sqlite")
        var config = AppConfig(database: database)
        config.adminEmail = env["CLIENTELE_ADMIN_EMAIL"].flatMap { $0.isEmpty ? nil : $0 }
        config.adminPassword = env["CLIENTELE_ADMIN_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
        if let bytes = env["CLIENTELE_MAX_BODY_BYTES"].flatMap(Int.init) { config.maxBodySize = ByteCount(value: bytes) }
        if let hours = env["CLIENTELE_TOKEN_TTL_HOURS"].flatMap(Double.init) { config.tokenLifetime = hours * 3600 }
        if let cost = env["CLIENTELE_BCRYPT_COST"].flatMap(Int.init) { config.bcryptCost = min(max(cost, 4), 31) }
        if let n = env["CLIENTELE_LOGIN_MAX_FAILURES_PER_EMAIL"].flatMap(Int.init) { config.loginThrottle.perEmail = n }
        if let n = env["CLIENTELE_LOGIN_MAX_FAILURES_PER_ADDRESS"].flatMap(Int.init) { config.loginThrottle.perAddress = n }
        if let n = env["CLIENTELE_PUBLIC_LOOKUPS_PER_MINUTE"].flatMap(Int.init) { config.publicLookupsPerMinute = n }
        if let seconds = env["CLIENTELE_DB_POOL_TIMEOUT_SECONDS"].flatMap(Double.init), seconds > 0 { config.databasePoolTimeout = seconds }
        if let seconds = env["CLIENTELE_TOKEN_CACHE_SECONDS"].flatMap(Double.init) { config.tokenCacheSeconds = max(seconds, 0) }
        if let minutes = env["CLIENTELE_SESSION_IDLE_MINUTES"].flatMap(Double.init), minutes > 0 { config.sessionIdleTimeout = minutes * 60 }
        config.outbox = OutboxConfig.fromEnvironment(env)
        if let n = env["CLIENTELE_GIFT_CARD_LOOKUP_MAX_MISSES_PER_USER"].flatMap(Int.init), n > 0 { config.giftCardLookups.perEmail = n }
        if let n = env["CLIENTELE_GIFT_CARD_LOOKUP_MAX_MISSES_PER_ADDRESS"].flatMap(Int.init), n > 0 { config.giftCardLookups.perAddress = n }
        if let n = env["CLIENTELE_PUBLIC_CHECKOUTS_PER_HOUR"].flatMap(Int.init), n > 0 { config.publicCheckoutsPerHour = n }
        if let n = env["CLIENTELE_ACCOUNT_EMAILS_PER_ADDRESS"].flatMap(Int.init), n > 0 { config.accountEmails.perAddress = n }
        if let seconds = env["CLIENTELE_LOYALTY_JOB_SECONDS"].flatMap(Double.init) { config.loyaltyJobInterval = min(max(seconds, 0), 86_400) }
        if let seconds = env["CLIENTELE_IMPORT_STALE_SECONDS"].flatMap(Double.init), seconds >= 1 {
            config.importStaleAfter = min(seconds, 86_400)
            config.importSweepInterval = min(config.importSweepInterval, max(seconds / 4, 0.5))
        }
        config.trustForwardedFor = env["CLIENTELE_TRUST_PROXY"] == "1" || env["CLIENTELE_TRUST_PROXY"] == "true"
        config.metricsToken = env["CLIENTELE_METRICS_TOKEN"].flatMap { $0.count >= 16 ? $0 : nil }
        if env["CLIENTELE_METRICS_TOKEN"].map({ !$0.isEmpty && $0.count < 16 }) == true {
            throw DatabaseURL.Invalid(description: "CLIENTELE_METRICS_TOKEN must be at least 16 characters")
        }
        if let raw = env["DATABASE_READ_URL"].flatMap({ $0.isEmpty ? nil : $0 }) {
            let replica = try DatabaseURL.parse(raw)
            guard case .postgres = replica, case .postgres = config.database else {
                throw DatabaseURL.Invalid(description: "DATABASE_READ_URL names a PostgreSQL replica of a PostgreSQL DATABASE_URL")
            }
            config.readReplica = replica
        }
        if let seconds = env["CLIENTELE_IDEMPOTENCY_LEASE_SECONDS"].flatMap(Double.init), seconds >= 1 {
            config.idempotencyLease = min(seconds, 86_400)
        }
        if let seconds = env["CLIENTELE_READ_YOUR_WRITES_SECONDS"].flatMap(Double.init), seconds >= 0 {
            config.readYourWritesWindow = min(seconds, 3_600)
        }
        config.tracing = try TracingSettings.fromEnvironment(env)
        return config
    }
}

extension Application {
    private struct AppConfigKey: StorageKey { typealias Value = AppConfig }

    public var config: AppConfig {
        get {
            guard let config = storage[AppConfigKey.self] else { fatalError("configure(_:) was not called") }
            return config
        }
        set { storage[AppConfigKey.self] = newValue }
    }
}
