import Foundation
import Logging
import NIOConcurrencyHelpers

/// One JSON object per line on standard output — what a log shipper (Loki, Elasticsearch, CloudWatch) reads without a
/// parser of its own: `ts` (ISO 8601, milliseconds, UTC), `level`, `msg`, `logger`, then every metadata key at the top
/// level (`request-id`, `method`, `route`, `status`, `duration_ms` on a request's line). `CLIENTELE_LOG_FORMAT=text`
/// keeps Vapor's console format instead.
public struct JSONLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var logLevel: Logger.Level
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let output: JSONLogOutput

    public init(label: String, level: Logger.Level, output: JSONLogOutput = .standardOutput,
                metadataProvider: Logger.MetadataProvider? = LoggingSystem.metadataProvider) {
        self.label = label
        self.logLevel = level
        self.output = output
        self.metadataProvider = metadataProvider
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let extra = event.metadata { merged.merge(extra) { _, new in new } }
        output.write(Self.line(time: Date(), level: event.level, message: "\(event.message)", label: label, metadata: merged))
    }

    /// The line, without its newline. Reserved keys win over metadata of the same name.
    static func line(time: Date, level: Logger.Level, message: String, label: String, metadata: Logger.Metadata) -> String {
        var line = "{\"ts\":\"\(timestamp(time))\",\"level\":\"\(level.rawValue)\",\"msg\":"
        append(message, to: &line)
        line += ",\"logger\":"
        append(label, to: &line)
        for (key, value) in metadata.sorted(by: { $0.key < $1.key }) where !["ts", "level", "msg", "logger"].contains(key) {
            line += ","
            append(key, to: &line)
            line += ":"
            append(value, to: &line)
        }
        return line + "}"
    }

    private static func append(_ value: Logger.Metadata.Value, to line: inout String) {
        switch value {
        case let .string(text): append(text, to: &line)
        case let .stringConvertible(convertible):
            let text = convertible.description
            // Numbers stay numbers; anything else is a string.
            if convertible is any BinaryInteger || convertible is Double, Double(text)?.isFinite == true {
                line += text
            } else {
                append(text, to: &line)
            }
        case let .array(values):
            line += "["
            for (i, element) in values.enumerated() {
                if i > 0 { line += "," }
                append(element, to: &line)
            }
            line += "]"
        case let .dictionary(entries):
            line += "{"
            for (i, (key, element)) in entries.sorted(by: { $0.key < $1.key }).enumerated() {
                if i > 0 { line += "," }
                append(key, to: &line)
                line += ":"
                append(element, to: &line)
            }
            line += "}"
        }
    }

    /// A JSON string literal: quotes, backslashes and control characters escaped.
    static func append(_ text: String, to line: inout String) {
        line += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": line += "\\\""
            case "\\": line += "\\\\"
            case "\n": line += "\\n"
            case "\r": line += "\\r"
            case "\t": line += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029:
                line += String(format: "\\u%04x", scalar.value)
            default: line.unicodeScalars.append(scalar)
            }
        }
        line += "\""
    }

    private static func timestamp(_ date: Date) -> String {
        let formatter = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)
        return date.formatted(formatter)
    }
}

/// Where the lines go: one write per line under a lock, so lines of concurrent requests never interleave.
public final class JSONLogOutput: Sendable {
    /// Through C's `stdout`, flushed per line: the same stream `print` writes to, so the two stay in order.
    public static let standardOutput = JSONLogOutput { line in
        print(line)
        fflush(nil)
    }

    private let lock = NIOLock()
    private let sink: @Sendable (String) -> Void

    public init(_ sink: @escaping @Sendable (String) -> Void) { self.sink = sink }

    func write(_ line: String) { lock.withLock { sink(line) } }
}
