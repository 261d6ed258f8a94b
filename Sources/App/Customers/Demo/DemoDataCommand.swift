import Fluent
import Vapor

/// `clientele demo-data --org acme --customers 100000`: realistic customers, with a progress bar.
struct DemoDataCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "org", help: "The organization's slug") var org: String?
        @Option(name: "customers", help: "How many customers to add (default 1000)") var customers: Int?
        @Option(name: "orders-per-customer", help: "Average paid orders per customer (default 0)") var ordersPerCustomer: Int?
        @Flag(name: "skip-index-merge", help: "Leave the search index unmerged (a bulk load in several runs merges after the last)")
        var skipIndexMerge: Bool
    }

    var help: String { "Fills an organization with realistic demo customers" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        guard let slug = signature.org,
              let organization = try await Organization.query(on: app.db).filter(\.$slug == slug).first()
        else { throw Abort(.badRequest, reason: "--org must name an existing organization's slug") }
        let count = signature.customers ?? 1000
        guard count > 0 else { throw Abort(.badRequest, reason: "--customers must be at least 1") }
        let progress = CommandProgress(console: context.console, total: count, title: "customers")
        let started = ContinuousClock.now
        var generator = DemoDataGenerator(database: app.db, organization: organization)
        generator.ordersPerCustomer = max(0, signature.ordersPerCustomer ?? 0)
        try await generator.generate(count: count) { done in
            progress.update(done)
        }
        progress.finish()
        try await CustomerSearchIndex.afterBulkLoad(on: app.db, mergeIndex: !signature.skipIndexMerge, vacuum: true,
                                                    announce: { context.console.info("\($0)") }) { steps in
            if steps % 20 == 0 { context.console.info("  \(steps * CustomerSearchIndex.mergeStepPages) pages merged") }
        }
        context.console.info("Finding likely duplicate pairs…")
        let organizationID = try organization.requireID()
        let recomputed = try await DuplicatePairIndex(database: app.db, organizationID: organizationID).refresh() ?? 0
        context.console.info("  \(recomputed) customers' pairs computed")
        let seconds = Double((ContinuousClock.now - started).components.seconds)
        context.console.info("Added \(count) customers to \(slug) in \(Int(seconds)) s")
    }
}
