@testable import App
import Foundation
import Testing

/// The byte scanner that counts an upload's records must count what the CSV reader reads, and refuse what it refuses.
@Suite struct ImportFileScannerTests {
    private static let texts: [String] = [
        "name", "name\n", "name\r\n", "name\r", "name\n\n", "name\nA\r\nB\rC\n", "name\nA\r\rB", "name\r\n\r\n",
        "name,notes\n\"Ann\",\"first line\nsecond\"\n", "name\n\"a \"\"quoted\"\" word\"\n", "name\nab\"c,d\n",
        "name\n\"ab\"x,c\n\"d\"\n", "name\n\"ab\"\r\nB\n", "name\n\"open to the end", "name\nA,\n", "name\nA,", "name\n,\n,",
        "\u{FEFF}Name,Notes\r\n\"Ann\",\"first line\r\nsecond line\"\r\nBob,ok,extra\r\n,\r\nCid\r\n",
        "name\nJosé\n中文,😀\n", "\"na\nme\"\nA\n", "name\n\"\"\n\"\"\"\"\n",
    ]

    private static let notUTF8: [[UInt8]] = [
        Array("name\nJos".utf8) + [0xE9] + Array("\n".utf8),   // Latin-1
        Array("name\nA".utf8) + [0xE4, 0xB8],                  // cut short at the end
        Array("name\n".utf8) + [0xC0, 0x80],                   // overlong
        Array("name\n".utf8) + [0xED, 0xA0, 0x80],             // a surrogate
        Array("name\n".utf8) + [0x80, 0x80, 0x80, 0x80, 0x80], // continuation bytes alone
    ]

    private static var edgeCases: [[UInt8]] { texts.map { Array($0.utf8) } + notUTF8 }

    @Test func countsWhatTheReaderReadsAndRefusesWhatItRefuses() throws {
        for bytes in Self.edgeCases {
            for chunkSize in [1, 2, 3, 5, ImportFileScanner.chunkSize] { try compare(bytes, chunkSize: chunkSize) }
        }
    }

    @Test func randomFiles() throws {
        var generator = SplitMix64(seed: 20261202)  // seeded: a failure can be reproduced
        let pieces = ["a", "bc", "é", "中", "😀", ",", ",", "\"", "\"", "\r", "\n", "\n", "\r\n", " "]
        for _ in 0..<1_500 {
            let length = Int.random(in: 0..<40, using: &generator)
            var text = "name,"
            for _ in 0..<length { text += pieces.randomElement(using: &generator)! }
            var bytes = Array(text.utf8)
            if Int.random(in: 0..<10, using: &generator) == 0 {
                bytes.insert([0xFF, 0xC3, 0xE2, 0x82].randomElement(using: &generator)!, at: Int.random(in: 5...bytes.count, using: &generator))
            }
            try compare(bytes, chunkSize: Int.random(in: 1...7, using: &generator))
        }
    }

    @Test func scanCountsTheRecordsAfterTheHeader() throws {
        let path = try write(Array("Name,Email\r\nAnn,a@example.com\r\n\"Bob\nJr\",b@example.com\r\n\r\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scan = try ImportFileReader.scan(path: path)
        #expect(scan.header == ["Name", "Email"] && scan.records == 3)
        let latin1 = try write(Array("name\nAnn\nJos".utf8) + [0xE9])
        defer { try? FileManager.default.removeItem(atPath: latin1) }
        #expect(throws: Problem.self) { try ImportFileReader.scan(path: latin1) }
    }

    private func compare(_ bytes: [UInt8], chunkSize: Int) throws {
        let path = try write(bytes)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let scanned = try ImportFileScanner.records(path: path, chunkSize: chunkSize)
        let described = "\(String(decoding: bytes, as: UTF8.self).debugDescription) \(bytes) in chunks of \(chunkSize)"
        guard String(validating: bytes, as: UTF8.self) != nil else {
            // Refused, even where the reader would read past the bytes.
            #expect(scanned == nil, "\(described)")
            #expect(throws: Problem.self, "\(described)") { try ImportFileReader.scan(path: path) }
            return
        }
        guard let reader = try? ImportFileReader(path: path) else { return }  // no header: refused before counting
        while try reader.next() != nil {}
        #expect(scanned == reader.recordsRead + 1, "\(described)")
        #expect(try ImportFileReader.scan(path: path).records == reader.recordsRead)
    }

    private func write(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("clientele-scan-\(UUID().uuidString).csv").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }
}
