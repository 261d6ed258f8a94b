import Foundation
import ZIPFoundation

/// Writes a one-sheet XLSX workbook: rows are appended to the sheet's XML on disk as they come (inline strings,
/// no shared-strings table, so nothing grows in memory), then the parts are zipped into the workbook file.
final class XLSXSheetWriter {
    enum Cell {
        case text(String)
        case number(String)
    }

    private let workDirectory: URL
    private let sheet: FileHandle
    /// The sheet's XML not yet written to disk, as UTF-8.
    private var buffer: [UInt8] = []
    private var rowNumber = 0
    /// A, B, C, … for the columns used so far.
    private var columnNames: [[UInt8]] = []

    init() throws {
        workDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-xlsx-\(UUID().uuidString)")
        let sheetURL = workDirectory.appendingPathComponent("sheet1.xml")
        try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: sheetURL.path, contents: nil)
        sheet = try FileHandle(forWritingTo: sheetURL)
        buffer.reserveCapacity(300 * 1024)
        write(#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#
              + #"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>"#)
    }

    deinit {
        try? sheet.close()
        try? FileManager.default.removeItem(at: workDirectory)
    }

    func append(_ cells: [Cell]) throws {
        rowNumber += 1
        let row = Array(String(rowNumber).utf8)
        write("<row r=\""); buffer.append(contentsOf: row); write("\">")
        for (index, cell) in cells.enumerated() {
            while columnNames.count <= index { columnNames.append(Array(Self.columnName(columnNames.count).utf8)) }
            switch cell {
            case let .number(value) where !value.isEmpty:
                write("<c r=\""); buffer.append(contentsOf: columnNames[index]); buffer.append(contentsOf: row)
                write("\"><v>"); buffer.append(contentsOf: value.utf8); write("</v></c>")
            case let .text(value), let .number(value):
                guard !value.isEmpty else { continue }
                write("<c r=\""); buffer.append(contentsOf: columnNames[index]); buffer.append(contentsOf: row)
                write("\" t=\"inlineStr\"><is><t xml:space=\"preserve\">"); appendEscaped(value); write("</t></is></c>")
            }
        }
        write("</row>")
        if buffer.count > 256 * 1024 { try flush() }
    }

    private func write(_ text: StaticString) {
        text.withUTF8Buffer { buffer.append(contentsOf: $0) }
    }

    private func write(_ text: String) {
        buffer.append(contentsOf: text.utf8)
    }

    /// XML text: markup characters escaped, characters XML 1.0 forbids dropped.
    private func appendEscaped(_ text: String) {
        let utf8 = text.utf8
        if !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
            || $0 == UInt8(ascii: "\"") || $0 == 0xEF }) {
            return buffer.append(contentsOf: utf8)
        }
        buffer.append(contentsOf: Self.escaped(text).utf8)
    }

    /// Finishes the sheet and writes the workbook to `url`.
    func finish(to url: URL) throws {
        write("</sheetData></worksheet>")
        try flush()
        try sheet.close()
        try? FileManager.default.removeItem(at: url)
        let archive = try Archive(url: url, accessMode: .create)
        for (path, text) in XLSXPackageParts.fixed {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) {
                position, size in data.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        try archive.addEntry(with: "xl/worksheets/sheet1.xml", fileURL: workDirectory.appendingPathComponent("sheet1.xml"),
                             compressionMethod: .deflate)
    }

    private func flush() throws {
        try sheet.write(contentsOf: Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }

    /// A, B, …, Z, AA, AB, …
    static func columnName(_ index: Int) -> String {
        var name = ""
        var n = index + 1
        while n > 0 {
            let remainder = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + remainder))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// XML text: markup characters escaped, characters XML 1.0 forbids dropped.
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\t", "\n", "\r": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
