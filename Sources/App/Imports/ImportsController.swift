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
        let upload = try await ImportStart.receive(req)
        switch try await ImportStart.run(upload.file, req: req, principal: principal, options: options) {
        case let .report(report):
            return try await report.encodeResponse(status: .ok, for: req)
        case let .started(job):
            let response = try await ImportJob.Public(job).encodeResponse(status: .accepted, for: req)
            response.headers.replaceOrAdd(name: .location, value: "/api/v1/imports/\(job.id!.canonicalString)")
            return response
        }
    }

    func show(req: Request) async throws -> ImportJob.Public {
        let principal = try req.principal
        try principal.require(.importCustomers)
        let job = try await principal.tenant().require(ImportJob.self, id: try req.uuidParameter("id"), on: req.database, what: "import")
        return ImportJob.Public(job)
    }
}

/// The query string of an import.
struct ImportOptions {
    var dryRun = false
    var onMatch = ImportMatchPolicy.fill
    var mapping: [String: String] = [:]

    init(from req: Request) throws {
        try self.init(value: req.queryValues())
    }

    /// From named values: the API's query string, or the dashboard's form.
    init(value: (String) -> String?) throws {
        var v = Validator()
        if let raw = value("dry_run") {
            switch raw.lowercased() {
            case "true", "1", "yes": dryRun = true
            case "false", "0", "no": dryRun = false
            default: v.add("dry_run", "must be true or false")
            }
        }
        if let raw = value("on_match") {
            onMatch = v.oneOf(raw, "on_match", allowed: ImportMatchPolicy.allCases) ?? .fill
        }
        if let raw = value("mapping") {
            if let object = (try? JSONSerialization.jsonObject(with: Data(raw.utf8))) as? [String: String] {
                mapping = object
            } else {
                v.add("mapping", "must be a JSON object from file header to field, like {\"Kundenname\": \"name\"}")
            }
        }
        try v.check()
    }
}
