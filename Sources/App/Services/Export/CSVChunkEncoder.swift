import CSV
import Foundation

/// Encodes rows as RFC 4180 CSV (CRLF line ends, quoting by CSV.swift), each cell neutralized for spreadsheets.
enum CSVChunkEncoder {
    static let byteOrderMark = Data([0xEF, 0xBB, 0xBF])

    static func encode(_ rows: [[String]]) throws -> Data {
        guard !rows.isEmpty else { return Data() }
        let stream = ByteCollectingOutputStream()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        for row in rows { try writer.write(row: row.map(SpreadsheetCell.neutralized)) }
        var data = Data(stream.bytes)
        // The writer puts a line break before every row but the first: end the chunk's last row here.
        data.append(contentsOf: [0x0D, 0x0A])
        return data
    }
}
