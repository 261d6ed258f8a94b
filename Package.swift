// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "clientele",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "clientele", targets: ["clientele"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/yaslab/CSV.swift.git", from: "2.5.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation.git", from: "0.9.20"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        // Named for ClienteleStore, which stays below Vapor: fluent's `Fluent` product is FluentKit's Vapor integration.
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.52.0"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.33.0"),
        .package(url: "https://github.com/vapor/sqlite-kit.git", from: "4.5.0"),
        .package(url: "https://github.com/vapor/sqlite-nio.git", from: "1.12.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", from: "2.27.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.21.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.0.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // OTLP traces over HTTP only: the gRPC exporter's dependencies would add minutes to every cold build.
        .package(url: "https://github.com/swift-otel/swift-otel.git", from: "1.6.0", traits: ["OTLPHTTP"]),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-distributed-tracing.git", from: "1.1.0"),
    ],
    targets: [
        // Values and validation, Foundation only: builds and tests without Vapor, Fluent or NIO.
        .target(
            name: "ClienteleCore",
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        // The storage engine, below App: database setup, SQLite settings, the write gate and group commit, prepared
        // statements, row helpers, the tenant scope, the migrations. No Vapor (FluentKit, not Fluent), no business types.
        .target(
            name: "ClienteleStore",
            dependencies: [
                .target(name: "ClienteleCore"),
                .target(name: "CSQLitePageCache"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteKit", package: "sqlite-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                // A tenant model queried without Tenant.query (see TenantModel) must not compile.
                .treatWarning("DeprecatedDeclaration", as: .error),
            ]
        ),
        // The call Swift cannot make (`sqlite3_config` takes variable arguments): one page-cache block for all SQLite connections.
        .target(name: "CSQLitePageCache"),
        // Email over SMTP on SwiftNIO (no SMTP package resolves here): MIME, STARTTLS, AUTH, a connection pool.
        .target(
            name: "ClienteleMail",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .target(
            name: "App",
            dependencies: [
                .target(name: "ClienteleCore"),
                .target(name: "ClienteleStore"),
                .target(name: "ClienteleMail"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "OTel", package: "swift-otel"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Tracing", package: "swift-distributed-tracing"),
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "CSV", package: "CSV.swift"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                // A tenant model queried without Tenant.query (see TenantModel) must not compile.
                .treatWarning("DeprecatedDeclaration", as: .error),
            ]
        ),
        .executableTarget(
            name: "clientele",
            dependencies: [
                .target(name: "App"),
                .target(name: "ClienteleStore"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ]
        ),
        .testTarget(
            name: "ClienteleCoreTests",
            dependencies: [.target(name: "ClienteleCore")]
        ),
        .testTarget(
            name: "ClienteleStoreTests",
            dependencies: [
                .target(name: "ClienteleCore"),
                .target(name: "ClienteleStore"),
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "ClienteleMailTests",
            dependencies: [
                .target(name: "ClienteleMail"),
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny")]
        ),
        .testTarget(
            name: "AppTests",
            dependencies: [
                .target(name: "App"),
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "CSV", package: "CSV.swift"),
            ],
            // Read from disk by the tests themselves (see PhoneNumberTests).
            exclude: ["Fixtures"]
        ),
    ]
)
