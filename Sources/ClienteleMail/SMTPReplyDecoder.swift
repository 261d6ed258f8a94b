import NIOCore

/// Bytes → `SMTPReply`: collects `250-…` continuation lines until the `250 …` line (RFC 5321 4.2.1).
struct SMTPReplyDecoder: NIOSingleStepByteToMessageDecoder {
    typealias InboundOut = SMTPReply

    /// RFC 5321 allows 512 per line; a generous cap still stops a hostile server from filling memory.
    private static let maximumLineLength = 4096
    private static let maximumLines = 256

    private var lines: [String] = []

    mutating func decode(buffer: inout ByteBuffer) throws -> SMTPReply? {
        while let newline = buffer.readableBytesView.firstIndex(of: UInt8(ascii: "\n")) {
            let length = newline - buffer.readerIndex
            guard length <= Self.maximumLineLength else {
                throw SMTPError.protocolViolation("a reply line longer than \(Self.maximumLineLength) bytes")
            }
            let line = buffer.readSlice(length: length)!
            buffer.moveReaderIndex(forwardBy: 1)  // the "\n"
            guard let reply = try consume(line) else { continue }
            return reply
        }
        if buffer.readableBytes > Self.maximumLineLength {
            throw SMTPError.protocolViolation("a reply line longer than \(Self.maximumLineLength) bytes")
        }
        return nil
    }

    mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> SMTPReply? {
        try decode(buffer: &buffer)
    }

    /// One line without its line end; returns the reply when this line is its last.
    private mutating func consume(_ line: ByteBuffer) throws -> SMTPReply? {
        var view = line.readableBytesView
        if view.last == UInt8(ascii: "\r") { view = view.dropLast() }
        guard view.count >= 3, view.prefix(3).allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else {
            throw SMTPError.protocolViolation("not an SMTP reply: \"\(String(buffer: line).prefix(80))\"")
        }
        let code = view.prefix(3).reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
        let separator = view.count > 3 ? view[view.startIndex + 3] : UInt8(ascii: " ")
        lines.append(view.count > 4 ? String(decoding: view.dropFirst(4), as: UTF8.self) : "")
        guard separator != UInt8(ascii: "-") else {
            if lines.count > Self.maximumLines { throw SMTPError.protocolViolation("a reply of more than \(Self.maximumLines) lines") }
            return nil
        }
        defer { lines.removeAll(keepingCapacity: true) }
        return SMTPReply(code: code, lines: lines)
    }
}
