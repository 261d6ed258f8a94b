import Foundation
import Vapor

/// Streams an uploaded file to disk — a CSV body (`text/csv`) or the `file` part of a multipart form — and stops
/// with 413 as soon as it passes the size limit, so that no amount of input fills memory.
enum ImportUpload {
    static let drainAllowance = 64 * 1024 * 1024

    /// Writes the file to `url`; answers the multipart form's small fields besides the file (the dashboard's `dry_run`
    /// and `on_match`), none for a plain body.
    @discardableResult
    static func receive(_ req: Request, into url: URL, limit: Int) async throws -> [String: String] {
        _ = FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        guard hasBody(req) else { return [:] }
        if req.headers.contentType?.type == "multipart", let boundary = req.headers.contentType?.parameters["boundary"] {
            return try await receiveMultipart(req, boundary: boundary, into: handle, limit: limit)
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
        return [:]
    }

    /// Small fields kept from a multipart form: at most this many, each at most `maxFieldBytes`; the rest are dropped.
    static let maxFields = 32
    static let maxFieldBytes = 4096

    /// The `file` part of a multipart form, written to disk as it arrives: the other parts are dropped, and the form
    /// as a whole may exceed the limit only by its headers and small fields.
    private static func receiveMultipart(_ req: Request, boundary: String, into handle: FileHandle, limit: Int) async throws -> [String: String] {
        final class State {
            var inFilePart = false
            var sawFile = false
            var fileBytes = 0
            var failure: (any Error)?
            var fieldName: String?
            var fieldBytes: [UInt8] = []
            var fields: [String: String] = [:]
        }
        let state = State()
        let parser = MultipartParser(boundary: boundary)
        parser.onHeader = { name, value in
            guard name.lowercased() == "content-disposition" else { return }
            let part = partName(value)
            if part == "file" { state.inFilePart = true } else { state.fieldName = part }
        }
        parser.onBody = { buffer in
            if !state.inFilePart {
                if state.fieldName != nil, state.fieldBytes.count + buffer.readableBytes <= maxFieldBytes {
                    state.fieldBytes += buffer.readableBytesView
                } else {
                    state.fieldName = nil
                }
                return
            }
            guard state.failure == nil else { return }
            state.fileBytes += buffer.readableBytes
            guard state.fileBytes <= limit else { return state.failure = tooLarge(limit) }
            do { try handle.write(contentsOf: Data(buffer.readableBytesView)) } catch { state.failure = error }
        }
        parser.onPartComplete = {
            if state.inFilePart { state.sawFile = true }
            if let name = state.fieldName, state.fields.count < maxFields {
                state.fields[name] = String(decoding: state.fieldBytes, as: UTF8.self)
            }
            state.inFilePart = false
            state.fieldName = nil
            state.fieldBytes = []
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
        return state.fields
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
