import Foundation

/// Encodes rows as RFC 4180 CSV: CRLF line ends, a field in double quotes when it holds a comma, a quote or a line
/// break (a quote inside doubled), every cell neutralized for spreadsheets first. Written byte by byte into one
/// buffer per chunk: a million rows are sixteen million fields.
enum CSVChunkEncoder {
    static let byteOrderMark = Data([0xEF, 0xBB, 0xBF])

    static func encode(_ rows: [[String]]) throws -> Data {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(rows.count * 160)
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                append(SpreadsheetCell.neutralized(field), to: &bytes)
            }
            bytes.append(contentsOf: [0x0D, 0x0A])
        }
        return Data(bytes)
    }

    private static func append(_ field: String, to bytes: inout [UInt8]) {
        let utf8 = field.utf8
        let needsQuotes = utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A }
        guard needsQuotes else { return bytes.append(contentsOf: utf8) }
        bytes.append(UInt8(ascii: "\""))
        for byte in utf8 {
            if byte == UInt8(ascii: "\"") { bytes.append(byte) }
            bytes.append(byte)
        }
        bytes.append(UInt8(ascii: "\""))
    }
}
