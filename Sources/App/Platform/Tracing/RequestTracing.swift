import OTel
import Tracing
import Vapor

extension TracingMiddleware {
    /// Vapor's server span per request (named by its route pattern, W3C `traceparent` honoured), with what Clientele
    /// adds and removes:
    /// - `clientele.request_id`, the id of the request's log line and `X-Request-Id`; the log line gets the span's
    ///   `trace_id` in turn, so a trace and a log line lead to each other;
    /// - no `url.query`: query strings carry search terms, which may be a customer's name, email or phone;
    /// - `client.address` as the throttles see it (`X-Forwarded-For` only behind a trusted proxy), not as the client
    ///   claims it.
    static func clientele() -> TracingMiddleware {
        TracingMiddleware { attributes, request in
            attributes["url.query"] = nil
            attributes["client.address"] = request.clientAddress
            if let requestID = request.requestID { attributes["clientele.request_id"] = requestID }
            if let traceID = request.serviceContext.otelTraceID {
                request.logger[metadataKey: "trace_id"] = .string(traceID)
            }
        }
    }
}
