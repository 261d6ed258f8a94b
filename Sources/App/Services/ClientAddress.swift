import Vapor

extension Request {
    /// The client's address for throttling: the peer, or the first `X-Forwarded-For` hop behind a trusted proxy.
    var clientAddress: String {
        if application.config.trustForwardedFor,
           let forwarded = headers.first(name: .xForwardedFor)?.split(separator: ",").first {
            return forwarded.trimmingCharacters(in: .whitespaces)
        }
        return remoteAddress?.ipAddress ?? "unknown"
    }
}
