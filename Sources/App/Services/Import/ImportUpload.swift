import Foundation
import Vapor

/// Streams an uploaded file to disk — a CSV body (`text/csv`) or the `file` part of a multipart form — and stops
/// with 413 as soon as it passes the size limit, so that no amount of input fills memory.
enum ImportUpload {
    struct Form: Decodable {
        var file: File
    }

    static let drainAllowance = 64 * 1024 * 1024

    static func receive(_ req: Request, into url: URL, limit: Int) async throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        guard hasBody(req) else { return }
        if req.headers.contentType?.type == "multipart", let boundary = req.headers.contentType?.parameters["boundary"] {
            var collected = ByteBuffer()
            for try await chunk in req.body {
                var chunk = chunk
                guard collected.readableBytes + chunk.readableBytes <= limit else { throw tooLarge(limit) }
                collected.writeBuffer(&chunk)
            }
            let form: Form
            do { form = try FormDataDecoder().decode(Form.self, from: collected, boundary: boundary) } catch {
                throw Problem.invalid("file", "is missing: send the CSV file as the multipart part named \"file\"")
            }
            try handle.write(contentsOf: Data(form.file.data.readableBytesView))
            return
        }
        var total = 0
        for try await chunk in req.body {
            total += chunk.readableBytes
            if total > limit {
                // Past the limit nothing more is kept; a moderate excess is read to its end (and dropped) so that
                // the client, still sending, gets the 413 instead of a stalled connection.
                guard total <= limit * 4 + drainAllowance else { throw tooLarge(limit) }
                continue
            }
            try handle.write(contentsOf: Data(chunk.readableBytesView))
        }
        if total > limit { throw tooLarge(limit) }
    }

    /// Whether a body was sent at all: iterating a request that has none is a programming error in Vapor.
    private static func hasBody(_ req: Request) -> Bool {
        if req.body.data != nil { return true }
        if req.headers.contains(name: .transferEncoding) { return true }
        return (req.headers.first(name: .contentLength).flatMap(Int.init) ?? 0) > 0
    }

    static func tooLarge(_ limit: Int) -> Problem {
        Problem(.payloadTooLarge, type: ProblemType.payloadTooLarge,
                detail: "The import file is larger than \(limit) bytes; split it into smaller files")
    }
}
