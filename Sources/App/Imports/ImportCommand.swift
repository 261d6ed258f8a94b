import Fluent
import Foundation
import Vapor

/// `clientele import --org acme customers.csv [--dry-run] [--on-match fill|overwrite|skip]`: the same import as
/// the API, run in this process with a progress bar. An interrupted run is resumed by the server at its next boot.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "org", help: "The organization's slug") var org: String?
        @Option(name: "on-match", help: "fill (default), overwrite or skip") var onMatch: String?
        @Flag(name: "dry-run", help: "Report what would happen and change nothing") var dryRun: Bool
        // After the options: ConsoleKit reads arguments in declaration order from what options leave.
        @Argument(name: "file", help: "The CSV file to import") var file: String
    }

    var help: String { "Imports customers from a CSV file" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.autoMigrate()
        let target = try await CommandOrganization(slug: signature.org, on: app.db)
        guard let policy = ImportMatchPolicy(rawValue: signature.onMatch ?? "fill") else {
            throw Abort(.badRequest, reason: "--on-match must be fill, overwrite or skip")
        }
        let service = CustomerService(database: app.db, access: try target.access, organization: target.organization,
                                      actor: .user(target.principal.user, source: "import"))
        let copy = try app.importSettings.newFile()
        try FileManager.default.copyItem(at: URL(fileURLWithPath: signature.file), to: copy)
        let scan: (header: [String], records: Int)
        let mapping: ImportColumnMapping
        do {
            scan = try ImportFileReader.scan(path: copy.path)
            mapping = try ImportColumnMapping(header: scan.header)
        } catch let problem as Problem {
            try? FileManager.default.removeItem(at: copy)
            throw Abort(.unprocessableEntity, reason: problem.detail)
        }
        if signature.dryRun {
            let report = try await ImportDryRun(service: service, mapping: mapping).report(for: copy.path)
            try? FileManager.default.removeItem(at: copy)
            context.console.info(String(decoding: try JSONEncoder.api.encode(report), as: UTF8.self))
            return
        }
        let job = ImportJob(organizationID: service.tenant.organizationID, createdByID: target.principal.userID,
                            onMatch: policy, mappingJSON: mapping.storedJSON, filePath: copy.path, rowsTotal: scan.records)
        job.id = UUID()
        try await job.create(on: app.db)
        let progress = CommandProgress(console: context.console, total: scan.records, title: "rows")
        try await ImportJobRunner(database: ImportDatabase.database(for: app), jobID: job.id!, organizationID: job.organizationID,
                                  logger: app.logger, stepsAsideForOtherProcesses: true)
            .run { done, _ in progress.update(done) }
        progress.finish()
        guard let finished = try await service.tenant.find(ImportJob.self, id: job.id!, on: app.db) else { return }
        context.console.info("Import \(finished.status): \(finished.createdCount) created, \(finished.updatedCount) updated, "
            + "\(finished.unchangedCount) unchanged, \(finished.rejectedCount) rejected"
            + (finished.error.map { " — \($0)" } ?? ""))
    }
}
