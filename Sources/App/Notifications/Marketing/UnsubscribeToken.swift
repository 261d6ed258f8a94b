/// A marketing email's unsubscribe secret: 26 random characters (130 bits), so that nobody opts another person out by
/// guessing.
enum UnsubscribeToken {
    static let length = 26

    static func make() -> String { RandomCode.make(length: length) }

    static func isWellFormed(_ text: String) -> Bool { RandomCode.isWellFormed(text, length: length) }
}
