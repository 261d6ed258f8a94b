import Foundation

/// Reads an import file a batch at a time and checks each row against the organization's rules for a new customer —
/// work that needs no database, so `ImportJobRunner` has the next batch read while the current one is written.
/// One read at a time: a read starts only after the previous one has been handed over.
final class ImportBatchReader: @unchecked Sendable {
    private let reader: ImportFileReader
    private let mapping: ImportColumnMapping
    private let service: CustomerService
    private let validator: CustomerInputValidator
    private let size: Int

    init(reader: ImportFileReader, mapping: ImportColumnMapping, service: CustomerService, size: Int) {
        self.reader = reader
        self.mapping = mapping
        self.service = service
        self.validator = service.validator(isCreate: true)
        self.size = size
    }

    /// The next rows of the file (empty at its end), each validated when it has an input, and built as the new customer
    /// it would be when valid.
    func next() throws -> [ImportRow] {
        var batch: [ImportRow] = []
        batch.reserveCapacity(size)
        while batch.count < size, let record = try reader.next() {
            var row = ImportRow(number: record.row, cells: record.cells, mapping: mapping)
            if let input = row.input {
                do {
                    let changes = try validator.validate(input)
                    row.validated = .success(changes)
                    row.prepared = service.prepareNew(changes, source: input.source.value ?? service.actor.source)
                } catch let problem as Problem {
                    row.validated = .failure(problem)
                }
            }
            batch.append(row)
        }
        return batch
    }
}
