import Foundation

/// Reads a whole file and reports what an import would do, changing nothing.
struct ImportDryRun {
    let service: CustomerService
    let mapping: ImportColumnMapping

    func report(for path: String) async throws -> ImportReport {
        let reader = try ImportFileReader(path: path)
        let validator = service.validator(isCreate: true)
        let matcher = ImportMatcher(service: service)
        var report = ImportReport()
        var seen: [String: Int] = [:]
        while let record = try reader.next() {
            let row = ImportRow(number: record.row, cells: record.cells, mapping: mapping)
            if row.isBlank { continue }
            report.rows += 1
            guard let input = row.input else { report.reject(row.rejections); continue }
            let changes: CustomerChanges
            do { changes = try validator.validate(input) } catch let problem as Problem {
                report.reject(ImportRejection.from(problem, row: row.number)); continue
            }
            let identity = ImportIdentity(changes)
            if let earlier = identity.keys.lazy.compactMap({ key in seen[key.key].map { ($0, key.by) } }).first {
                report.duplicate(.init(row: row.number, sameAsRow: earlier.0, by: earlier.1))
            } else if let existing = try await matcher.match(identity) {
                report.matched(.init(row: row.number, customerID: try existing.customer.requireID(), by: existing.by))
            } else {
                report.toCreate += 1
            }
            for key in identity.keys where seen[key.key] == nil { seen[key.key] = row.number }
        }
        return report
    }
}
