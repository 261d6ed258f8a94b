import NIOCore

/// How one text part goes on the wire: chosen per part, written straight into the DATA buffer (CRLF, dot-stuffed).
enum MIMETransferEncoding: String, Sendable {
    /// ASCII with short lines: sent as is.
    case sevenBit = "7bit"
    /// UTF-8 as is: only when the server announced 8BITMIME (and every line fits in 998 bytes).
    case eightBit = "8bit"
    /// Safe everywhere: non-ASCII and long lines become `=XX` and soft breaks, lines ≤ 76.
    case quotedPrintable = "quoted-printable"

    private static let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), dot = UInt8(ascii: "."), equals = UInt8(ascii: "=")
    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    /// 7bit for short-lined ASCII; 8bit for UTF-8 when allowed and lines fit; quoted-printable otherwise.
    static func choose(for bytes: UnsafeBufferPointer<UInt8>, allow8Bit: Bool) -> MIMETransferEncoding {
        var lineLength = 0, longest = 0, hasEightBit = false, hasNUL = false
        for byte in bytes {
            if byte == lf || byte == cr {
                longest = max(longest, lineLength)
                lineLength = 0
            } else {
                lineLength += 1
                if byte >= 0x80 { hasEightBit = true } else if byte == 0 { hasNUL = true }
            }
        }
        longest = max(longest, lineLength)
        if hasNUL { return .quotedPrintable }
        if !hasEightBit && longest <= (allow8Bit ? MIMEEncoding.maximumLineLength : MIMEEncoding.preferredLineLength) {
            return .sevenBit
        }
        if hasEightBit && allow8Bit && longest <= MIMEEncoding.maximumLineLength { return .eightBit }
        return .quotedPrintable
    }

    /// Writes `bytes` as CRLF-terminated lines (any of CRLF, LF, CR ends a line in the input).
    func write(_ bytes: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer, dotStuffed: Bool) {
        Self.forEachLine(bytes) { line in
            switch self {
            case .sevenBit, .eightBit:
                // SMTP ends DATA at a line that is ".": a line starting with "." gets a second one (RFC 5321 4.5.2).
                if dotStuffed && line.first == Self.dot { buffer.writeInteger(Self.dot) }
                buffer.writeBytes(UnsafeRawBufferPointer(line))
                buffer.writeInteger(UInt16(0x0D0A))
            case .quotedPrintable:
                Self.writeQuotedPrintable(line, into: &buffer, dotStuffed: dotStuffed)
            }
        }
    }

    private static func forEachLine(_ bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var start = 0, index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == lf || byte == cr {
                body(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                if byte == cr && index + 1 < bytes.count && bytes[index + 1] == lf { index += 1 }
                index += 1
                start = index
            } else {
                index += 1
            }
        }
        if start < bytes.count { body(UnsafeBufferPointer(rebasing: bytes[start..<bytes.count])) }
    }

    /// RFC 2045 6.7: printable ASCII but "=" as is, the rest as =XX, trailing blanks encoded, soft breaks at 76.
    private static func writeQuotedPrintable(_ line: UnsafeBufferPointer<UInt8>, into buffer: inout ByteBuffer,
                                             dotStuffed: Bool) {
        let worstCase = line.count * 3 + (line.count / 25 + 2) * 4 + 2
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: worstCase) { out in
            var position = 0, column = 0
            for (index, byte) in line.enumerated() {
                let isBlank = byte == 0x20 || byte == 0x09
                let literal = (byte >= 33 && byte <= 126 && byte != equals) || (isBlank && index != line.count - 1)
                let width = literal ? 1 : 3
                if column + width > 75 {
                    out[position] = equals; out[position + 1] = cr; out[position + 2] = lf
                    position += 3
                    column = 0
                }
                if dotStuffed && column == 0 && byte == dot {
                    out[position] = dot
                    position += 1
                }
                if literal {
                    out[position] = byte
                } else {
                    out[position] = equals
                    out[position + 1] = hexDigits[Int(byte >> 4)]
                    out[position + 2] = hexDigits[Int(byte & 0x0F)]
                }
                position += width
                column += width
            }
            out[position] = cr; out[position + 1] = lf
            return position + 2
        }
    }
}
