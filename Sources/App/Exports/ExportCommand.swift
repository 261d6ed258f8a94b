import Fluent
import Foundation
import Vapor

/// `clientele export --org acme --format csv|xlsx --out customers.csv`: every customer, with a progress bar.
struct ExportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "org", help: "The organization's slug") var org: String?
        @Option(name: "format", help: "csv (default) or xlsx") var format: String?
        @Option(name: "out", help: "The file to write") var out: String?
        @Flag(name: "bom", help: "Start a CSV file with a UTF-8 byte order mark") var bom: Bool
    }

    var help: String { "Exports an organization's customers as CSV or XLSX" }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let target = try await CommandOrganization(slug: signature.org, on: app.db)
        let format = (signature.format ?? "csv").lowercased()
        guard ["csv", "xlsx"].contains(format) else { throw Abort(.badRequest, reason: "--format must be csv or xlsx") }
        guard let out = signature.out, !out.isEmpty else { throw Abort(.badRequest, reason: "--out must name a file") }
        let url = URL(fileURLWithPath: out)
        let total = try await CustomerCounter(database: app.db).count(for: target.principal.tenant().organizationID)
        let progress = CommandProgress(console: context.console, total: total, title: "customers")
        let exporter = CustomerExporter(batches: CustomerExportBatches(database: app.db, access: try target.access,
                                                                       parameters: CustomerListParameters()))
        if format == "xlsx" {
            try await exporter.xlsx(to: url) { progress.update($0) }
        } else {
            FileManager.default.createFile(atPath: url.path, contents: nil)
            let file = try FileHandle(forWritingTo: url)
            defer { try? file.close() }
            try await exporter.csv(byteOrderMark: signature.bom, to: { try file.write(contentsOf: $0) }) { progress.update($0) }
        }
        progress.finish()
        context.console.info("Exported \(total) customers of \(target.organization.slug) to \(out)")
    }
}
