import Dispatch
import Foundation
import NIOConcurrencyHelpers

/// Reads an import file a batch at a time, checks each row against the organization's rules for a new customer and
/// builds the rows that would write it — work that needs no database, so `ImportJobRunner` has the next batch read on
/// this reader's own thread (`readAhead`) while the current one is written. Reads run one at a time on that thread,
/// in the order they were asked for.
final class ImportBatchReader: @unchecked Sendable {
    private let reader: ImportFileReader
    private let mapping: ImportColumnMapping
    private let service: CustomerService
    private let bulk: CustomerBulkInsert
    private let validator: CustomerInputValidator
    private let size: Int
    /// The database whose types the rows' values are converted to ahead (`RowInsert.prepare(for:)`).
    private let dialect: SQLDialectKind
    private let queue = DispatchQueue(label: "clientele.import-reader")

    init(reader: ImportFileReader, mapping: ImportColumnMapping, service: CustomerService, size: Int) {
        self.reader = reader
        self.mapping = mapping
        self.service = service
        self.bulk = CustomerBulkInsert(database: service.database, organization: service.organization, actor: service.actor)
        self.validator = service.validator(isCreate: true)
        self.size = size
        self.dialect = SQLDialectKind(service.database)
    }

    /// `next()` on the reader's own thread, so that it runs beside the writing one instead of taking turns with it
    /// on an event loop. Reads start in the order they are asked for, so several can be asked for ahead.
    func readAhead() -> Pending {
        let pending = Pending()
        queue.async { pending.fulfill(Result { try self.next() }) }
        return pending
    }

    /// A batch being read: its rows, once read.
    final class Pending: @unchecked Sendable {
        private let lock = NIOLock()
        private var result: Result<[ImportRow], any Error>?
        private var waiter: CheckedContinuation<[ImportRow], any Error>?

        func fulfill(_ result: Result<[ImportRow], any Error>) {
            let waiting: CheckedContinuation<[ImportRow], any Error>? = lock.withLock {
                defer { waiter = nil }
                if waiter == nil { self.result = result }
                return waiter
            }
            waiting?.resume(with: result)
        }

        var rows: [ImportRow] {
            get async throws {
                try await withCheckedThrowingContinuation { continuation in
                    let ready: Result<[ImportRow], any Error>? = lock.withLock {
                        if result == nil { waiter = continuation }
                        return result
                    }
                    if let ready { continuation.resume(with: ready) }
                }
            }
        }
    }

    /// Lets go of a written batch on the reader's thread: its thousands of prepared records and rows take a while to
    /// free, which the writing thread would otherwise do before it writes the next batch.
    func release(_ rows: [ImportRow]) {
        queue.async { withExtendedLifetime(rows) {} }
    }

    /// The next rows of the file (empty at its end), each validated when it has an input, and built as the new customer
    /// it would be, with the rows that would write it, when valid.
    func next() throws -> [ImportRow] {
        var batch: [ImportRow] = []
        batch.reserveCapacity(size)
        let now = Date()
        while batch.count < size, let record = try reader.next() {
            var row = ImportRow(number: record.row, cells: record.cells, mapping: mapping)
            if let input = row.input {
                do {
                    let changes = try validator.validate(input)
                    row.validated = .success(changes)
                    row.prepared = try bulk.item(for: changes, source: input.source.value ?? service.actor.source, at: now,
                                                 for: dialect)
                } catch let problem as Problem {
                    row.validated = .failure(problem)
                }
            }
            batch.append(row)
        }
        return batch
    }
}
