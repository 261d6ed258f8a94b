import Fluent
import Foundation
import Vapor

/// `POST /customers/import` (a CSV body or multipart `file`; `dry_run`, `on_match`, `mapping`) and
/// `GET /imports/{id}`.
struct ImportsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let route = routes.grouped("customers").on(.POST, "import", body: .stream, use: create)
        route.userInfo[BodySizeLimitMiddleware.routeLimitKey] = ImportSettings.defaultMaxBytes
        routes.get("imports", ":id", use: show)
    }

    func create(req: Request) async throws -> Response {
        let principal = try req.principal
        try principal.require(.importCustomers)
        let options = try ImportOptions(from: req)
        let service = try await CustomerService.make(for: req, source: "import")
        let settings = req.application.importSettings
        let url = try settings.newFile()
        do {
            try await ImportUpload.receive(req, into: url, limit: settings.maxBytes)
            let scan = try await ImportFileReader.scanAside(path: url.path)
            let mapping = try ImportColumnMapping(header: scan.header, explicit: options.mapping)
            if options.dryRun {
                let report = try await ImportDryRun(service: service, mapping: mapping).report(for: url.path)
                try? FileManager.default.removeItem(at: url)
                return try await report.encodeResponse(status: .ok, for: req)
            }
            let job = ImportJob(organizationID: service.tenant.organizationID, createdByID: principal.userID,
                                onMatch: options.onMatch, mappingJSON: mapping.storedJSON, filePath: url.path,
                                rowsTotal: scan.records)
            job.id = UUID()
            try await WriteTransaction.run(on: req.db) { db in try await job.create(on: db) }
            await req.application.importJobs.start(ImportJobRunner(database: ImportDatabase.database(for: req.application), jobID: job.id!,
                                                                   organizationID: job.organizationID, logger: req.application.logger))
            let response = try await ImportJob.Public(job).encodeResponse(status: .accepted, for: req)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/imports/\(job.id!.canonicalString)")
            return response
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
    }

    func show(req: Request) async throws -> ImportJob.Public {
        let principal = try req.principal
        try principal.require(.importCustomers)
        let job = try await principal.tenant().require(ImportJob.self, id: try req.uuidParameter("id"), on: req.db, what: "import")
        return ImportJob.Public(job)
    }
}

/// The query string of an import.
struct ImportOptions {
    var dryRun = false
    var onMatch = ImportMatchPolicy.fill
    var mapping: [String: String] = [:]

    init(from req: Request) throws {
        var v = Validator()
        if let raw = req.query[String.self, at: "dry_run"] {
            switch raw.lowercased() {
            case "true", "1", "yes": dryRun = true
            case "false", "0", "no": dryRun = false
            default: v.add("dry_run", "must be true or false")
            }
        }
        if let raw = req.query[String.self, at: "on_match"] {
            onMatch = v.oneOf(raw, "on_match", allowed: ImportMatchPolicy.allCases) ?? .fill
        }
        if let raw = req.query[String.self, at: "mapping"] {
            if let object = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: String] {
                mapping = object
            } else {
                v.add("mapping", "must be a JSON object from file header to field, like {\"Kundenname\": \"name\"}")
            }
        }
        try v.check()
    }
}
