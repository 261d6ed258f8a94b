import Foundation

/// Customer exports as CSV (handed out chunk by chunk) and XLSX (written to a file), with progress.
struct CustomerExporter: Sendable {
    let batches: CustomerExportBatches

    /// Sends the header, then each chunk of 500 customers as encoded CSV bytes.
    func csv(byteOrderMark: Bool, to sink: (Data) async throws -> Void,
             progress: (Int) -> Void = { _ in }) async throws {
        var first = byteOrderMark ? CSVChunkEncoder.byteOrderMark : Data()
        first.append(try CSVChunkEncoder.encode([CustomerExportColumns.headers]))
        try await sink(first)
        var done = 0
        try await batches.forEach { customers in
            try await sink(try CSVChunkEncoder.encode(customers.map(\.cells)))
            done += customers.count
            progress(done)
        }
    }

    /// Writes the workbook to `url`.
    func xlsx(to url: URL, progress: (Int) -> Void = { _ in }) async throws {
        let writer = try XLSXSheetWriter()
        try writer.append(CustomerExportColumns.headers.map { .text($0) })
        let kinds = CustomerExportColumns.kinds
        var done = 0
        try await batches.forEach { customers in
            for customer in customers {
                let values = customer.cells
                try writer.append(zip(values, kinds).map { value, kind in
                    kind == .number ? .number(value) : .text(SpreadsheetCell.neutralized(value))
                })
            }
            done += customers.count
            progress(done)
        }
        try writer.finish(to: url)
    }
}
