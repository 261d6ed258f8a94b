import Foundation
import Vapor

/// Streams an uploaded file to disk — a CSV body (`text/csv`) or the `file` part of a multipart form — and stops
/// with 413 as soon as it passes the size limit, so that no amount of input fills memory.
enum ImportUpload {
    static let drainAllowance = 64 * 1024 * 1024

    static func receive(_ req: Request, into url: URL, limit: Int) async throws {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        guard hasBody(req) else { return }
        if req.headers.contentType?.type == "multipart", let boundary = req.headers.contentType?.parameters["boundary"] {
            try await receiveMultipart(req, boundary: boundary, into: handle, limit: limit)
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

    /// The `file` part of a multipart form, written to disk as it arrives: the other parts are dropped, and the form
    /// as a whole may exceed the limit only by its headers and small fields.
    private static func receiveMultipart(_ req: Request, boundary: String, into handle: FileHandle, limit: Int) async throws {
        final class State {
            var inFilePart = false
            var sawFile = false
            var fileBytes = 0
            var failure: (any Error)?
        }
        let state = State()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            if name.lowercased() == "content-disposition", partName(value) == "file" { state.inFilePart = true }
        }
        parser.onBody = { buffer in
            guard state.inFilePart, state.failure == nil else { return }
            state.fileBytes += buffer.readableBytes
            guard state.fileBytes <= limit else { return state.failure = tooLarge(limit) }
            do { try handle.write(contentsOf: Data(buffer.readableBytesView)) } catch { state.failure = error }
        }
        parser.onPartComplete = {
            if state.inFilePart { state.sawFile = true }
            state.inFilePart = false
        }
        var total = 0
        for try await chunk in req.body {
            total += chunk.readableBytes
            guard total <= limit + formAllowance else { throw tooLarge(limit) }
            do { try parser.execute(chunk) } catch {
                throw Problem.badRequest("The multipart form is malformed: \(error)", field: "file")
            }
            if let failure = state.failure { throw failure }
        }
        guard state.sawFile else {
            throw Problem.invalid("file", "is missing: send the CSV file as the multipart part named \"file\"")
        }
    }

    /// What a multipart form may hold besides its file: part headers and small fields.
    static let formAllowance = 1024 * 1024

    /// The `name` parameter of a `Content-Disposition: form-data; name="file"; filename="…"` header.
    static func partName(_ disposition: String) -> String? {
        for parameter in disposition.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == "name" else { continue }
            return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
        }
        return nil
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
