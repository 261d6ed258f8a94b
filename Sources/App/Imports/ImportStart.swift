import Fluent
import Foundation
import Vapor

/// An upload received and then checked (a dry run: the report, nothing written) or started as a job, for the API and
/// the dashboard's import page alike.
enum ImportStart {
    enum Outcome {
        case report(ImportReport)
        case started(ImportJob)
    }

    /// The uploaded file on disk, and the multipart form's small fields.
    static func receive(_ req: Request) async throws -> (file: URL, fields: [String: String]) {
        let settings = req.application.importSettings
        let url = try settings.newFile()
        do {
            return (url, try await ImportUpload.receive(req, into: url, limit: settings.maxBytes))
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    /// Checks the file (and removes it) or hands it to a new job, which removes it when done.
    static func run(_ url: URL, req: Request, principal: Principal, options: ImportOptions) async throws -> Outcome {
        do {
            let service = try await CustomerService.make(for: req, source: "import")
            let scan = try await ImportFileReader.scanAside(path: url.path)
            let mapping = try ImportColumnMapping(header: scan.header, explicit: options.mapping)
            if options.dryRun {
                let report = try await ImportDryRun(service: service, mapping: mapping).report(for: url.path)
                try? FileManager.default.removeItem(at: url)
                return .report(report)
            }
            let job = ImportJob(organizationID: service.tenant.organizationID, createdByID: principal.userID,
                                onMatch: options.onMatch, mappingJSON: mapping.storedJSON, filePath: url.path,
                                rowsTotal: scan.records)
            job.id = UUID()
            try await WriteTransaction.run(on: req.database) { db in try await job.create(on: db) }
            await req.application.importJobs.start(ImportJobRunner(database: ImportDatabase.database(for: req.application), jobID: job.id!,
                                                                   organizationID: job.organizationID, logger: req.application.logger))
            return .started(job)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }
}
