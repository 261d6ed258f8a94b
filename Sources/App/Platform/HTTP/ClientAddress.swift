import Vapor

extension Request {
    /// The client's address for throttling: the peer, or, behind a trusted proxy, the hop that proxy appended to
    /// `X-Forwarded-For` — the rightmost one. Every entry left of it was written by the client and proves nothing.
    var clientAddress: String {
        if application.config.trustForwardedFor,
           let appended = Self.rightmostForwardedHop(headers[.xForwardedFor]) {
            return appended
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }

    /// The last entry of every `X-Forwarded-For` line taken together, when it looks like an address.
    static func rightmostForwardedHop(_ lines: [String]) -> String? {
        guard let last = lines.last?.split(separator: ",").last?.trimmingCharacters(in: .whitespaces),
              (1...64).contains(last.count), last.allSatisfy({ $0.isHexDigit || $0 == "." || $0 == ":" || $0 == "[" || $0 == "]" })
        else { return nil }
        return last
    }
}
