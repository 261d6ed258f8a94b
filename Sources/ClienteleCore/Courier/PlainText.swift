/// Text shown as typed: no control characters but line breaks and tabs.
public enum PlainText {
    public static func isPlain(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0 == "\n" || $0 == "\r" || $0 == "\t" || !($0.properties.generalCategory == .control) }
    }
}
