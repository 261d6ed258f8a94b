import Foundation

/// Reads a whole file and reports what an import would do, changing nothing. Rows are matched a batch at a time, as
/// the import matches them (`ImportKnownCustomers`: one query per key for 500 rows, not one or more per row), on a
/// thread of its own (`ImportExecutor.dryRuns`), never on an event loop. A caller whose view of the organization is
/// restricted gets the row-by-row matcher, which sees what it sees.
struct ImportDryRun {
    static let batchSize = ImportJobRunner.batchSize

    let service: CustomerService
    let mapping: ImportColumnMapping

    func report(for path: String) async throws -> ImportReport {
        try await withTaskExecutorPreference(ImportExecutor.dryRuns) { try await read(path) }
    }

    private func read(_ path: String) async throws -> ImportReport {
        let reader = try ImportFileReader(path: path)
        let validator = service.validator(isCreate: true)
        var report = ImportReport()
        var seen: [String: Int] = [:]
        var batch: [(number: Int, identity: ImportIdentity)] = []
        while let record = try reader.next() {
            let row = ImportRow(number: record.row, cells: record.cells, mapping: mapping)
            if row.isBlank { continue }
            report.rows += 1
            guard let input = row.input else { report.reject(row.rejections); continue }
            do {
                let identity = ImportIdentity(try validator.validate(input))
                _ = try row.address?.validated(organizationID: service.tenant.organizationID, customerID: UUID(),
                                               defaultCountry: service.organization.defaultCountry)
                batch.append((row.number, identity))
            } catch let problem as Problem {
                report.reject(ImportRejection.from(problem, row: row.number))
            }
            if batch.count == Self.batchSize {
                try await match(batch, into: &report, seen: &seen)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try await match(batch, into: &report, seen: &seen)
        return report
    }

    /// Each valid row of a batch, in file order: the same as an earlier row of the file, an existing customer, or new.
    private func match(_ batch: [(number: Int, identity: ImportIdentity)], into report: inout ImportReport,
                       seen: inout [String: Int]) async throws {
        guard !batch.isEmpty else { return }
        let known = service.access.seesWholeOrganization ? try await ImportKnownCustomers.load(
            batch.map(\.identity), organizationID: service.tenant.organizationID, on: service.database) : nil
        for (number, identity) in batch {
            var earlier: (row: Int, by: String)?
            for key in identity.keys where earlier == nil {
                if let row = seen[key.key] { earlier = (row, key.by) }
            }
            if let earlier {
                report.duplicate(.init(row: number, sameAsRow: earlier.row, by: earlier.by))
            } else if let known {
                if let found = known.matchWithKey(identity) {
                    report.matched(.init(row: number, customerID: found.entry.id, by: found.by))
                } else {
                    report.toCreate += 1
                }
            } else if let existing = try await ImportMatcher(service: service).match(identity) {
                report.matched(.init(row: number, customerID: try existing.customer.requireID(), by: existing.by))
            } else {
                report.toCreate += 1
            }
            for key in identity.keys where seen[key.key] == nil { seen[key.key] = number }
        }
    }
}
