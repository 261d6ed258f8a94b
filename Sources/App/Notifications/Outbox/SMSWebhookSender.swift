import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// SMS as an HTTP POST of `{"id", "to", "body"}` to `SMS_WEBHOOK_URL`, with the notification id as `Idempotency-Key`
/// so that the provider sends a message posted again after a crash only once. 2xx is sent; 4xx (but 408 and 429) is
/// the provider refusing the message for good; 5xx, 408, 429 and network failures are retried.
struct SMSWebhookSender: NotificationSender {
    let client: HTTPClient
    let url: String
    let timeout: TimeAmount = .seconds(10)

    init(url: String, eventLoopGroup: any EventLoopGroup) {
        self.url = url
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 32)
        configuration.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .shared(eventLoopGroup), configuration: configuration)
    }

    private struct Body: Encodable {
        let id: String
        let to: String
        let body: String
    }

    func send(_ notification: ClaimedNotification) async -> DeliveryOutcome {
        do {
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/json")
            request.headers.add(name: "Idempotency-Key", value: notification.id.canonicalString)
            let body = try JSONEncoder().encode(Body(id: notification.id.canonicalString, to: notification.recipient,
                                                     body: notification.body))
            request.body = .bytes(ByteBuffer(data: body))
            let response = try await client.execute(request, timeout: timeout)
            let answer = try await response.body.collect(upTo: 4096)
            let status = response.status.code
            if (200..<300).contains(status) { return .sent }
            let detail = "SMS provider answered \(status): " + String(decoding: answer.readableBytesView.prefix(300), as: UTF8.self)
            if (400..<500).contains(status), status != 408, status != 429 { return .failed(detail) }
            return .retry(detail)
        } catch {
            return .retry("SMS provider unreachable: \(error)")
        }
    }

    func shutdown() async { try? await client.shutdown() }
}
