import Fluent
import Foundation
import Vapor

/// `GET /customers/export.csv` and `/customers/export.xlsx`: the list's search and filters, streamed.
struct CustomerExportController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        let customers = routes.grouped("customers")
        customers.get("export.csv", use: csv)
        customers.get("export.xlsx", use: xlsx)
    }

    func csv(req: Request) async throws -> Response {
        let exporter = try await Self.exporter(for: req)
        let byteOrderMark = ["true", "1", "yes"].contains(req.query[String.self, at: "bom"]?.lowercased() ?? "")
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="customers.csv""#)
        return Response(status: .ok, headers: headers, body: .init(managedAsyncStream: { writer in
            try await exporter.csv(byteOrderMark: byteOrderMark) { data in
                try await writer.writeBuffer(ByteBuffer(bytes: data))
            }
        }, count: -1))
    }

    /// The workbook is written to a temporary file, sent, and the file deleted.
    func xlsx(req: Request) async throws -> Response {
        let exporter = try await Self.exporter(for: req)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-export-\(UUID().uuidString).xlsx")
        do {
            try await exporter.xlsx(to: url)
        } catch {
            try? FileManager.default.removeItem(at: url)
            throw error
        }
        let response = try await req.fileio.asyncStreamFile(
            at: url.path,
            mediaType: HTTPMediaType(type: "application", subType: "vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
            onCompleted: { _ in try? FileManager.default.removeItem(at: url) })
        response.headers.replaceOrAdd(name: .contentDisposition, value: #"attachment; filename="customers.xlsx""#)
        return response
    }

    /// Admins and dispatchers export; agents and guest users see too little of the organization to.
    static func exporter(for req: Request) async throws -> CustomerExporter {
        let principal = try req.principal
        try principal.require(.exportCustomers)
        let access = try CustomerAccess(principal)
        let organization = try await Organization.find(access.tenant.organizationID, on: req.database)
        let parameters = try await SegmentListParameters.resolve(req, access: access, timezone: TimeZone(identifier: organization?.timezone ?? "UTC") ?? .gmt)
        return CustomerExporter(batches: CustomerExportBatches(database: try await req.lagTolerantDatabase(), access: access, parameters: parameters))
    }
}
