import Fluent
import Vapor

/// `/imports`: upload and check or import a file, the organization's recent imports, and one import's progress and
/// result. Thin: `ImportStart` and the job runner do the work, as for the API, under `importCustomers`.
struct ImportsWebController {
    static let recent = 10

    func boot(routes: any RoutesBuilder) {
        routes.get("imports", use: list)
        let upload = routes.on(.POST, "imports", body: .stream, use: upload)
        upload.userInfo[BodySizeLimitMiddleware.routeLimitKey] = ImportSettings.defaultMaxBytes
        routes.get("imports", ":id", use: show)
    }

    func list(req: Request) async throws -> Response {
        try await render(req, problem: nil, status: .ok)
    }

    func upload(req: Request) async throws -> Response {
        let principal = try req.principal
        try principal.require(.importCustomers)
        let context = try req.dashboard
        var fields: [String: String] = [:]
        do {
            let upload = try await ImportStart.receive(req)
            fields = upload.fields
            let options = try ImportOptions { upload.fields[$0] }
            switch try await ImportStart.run(upload.file, req: req, principal: principal, options: options) {
            case let .report(report):
                return Layout.response(ImportPages.report(report, csrf: context.csrf, values: fields), context: context)
            case let .started(job):
                return req.redirect(to: "/imports/\(job.id!.canonicalString)", flash: "Import started.")
            }
        } catch let problem as Problem where [.unprocessableEntity, .badRequest, .payloadTooLarge].contains(problem.status) {
            let detail = (problem.errors ?? []).map { "\($0.field): \($0.message)" }.joined(separator: "; ")
            return try await render(req, problem: detail.isEmpty ? problem.detail : detail, status: problem.status)
        }
    }

    func show(req: Request) async throws -> Response {
        let principal = try req.principal
        try principal.require(.importCustomers)
        let job = try await principal.tenant().require(ImportJob.self, id: try req.uuidParameter("id"), on: req.database, what: "import")
        return Layout.response(ImportPages.job(job), context: try req.dashboard)
    }

    private func render(_ req: Request, problem: String?, status: HTTPStatus) async throws -> Response {
        let principal = try req.principal
        try principal.require(.importCustomers)
        let context = try req.dashboard
        let jobs = try await principal.tenant().query(ImportJob.self, on: req.database).sort(\.$createdAt, .descending)
            .limit(Self.recent).all()
        return Layout.response(ImportPages.page(jobs: jobs, csrf: context.csrf, problem: problem), context: context, status: status)
    }
}
