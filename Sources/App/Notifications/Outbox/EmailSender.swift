import ClienteleMail
import Foundation
import Logging
import NIOCore

/// Email through the SMTP server of `SMTP_URL`. The `Message-ID` is the notification's id, so a receiver can tell a
/// message sent again after a crash from a new one; a marketing email carries RFC 8058's one-click unsubscribe.
struct EmailSender: NotificationSender {
    let mailer: SMTPMailer
    let publicURL: String
    /// The domain part of every Message-ID: the host of the public URL.
    let messageDomain: String

    init(settings: SMTPSettings, publicURL: String, eventLoopGroup: any EventLoopGroup, logger: Logger) {
        mailer = SMTPMailer(settings: settings, eventLoopGroup: eventLoopGroup, logger: logger)
        self.publicURL = publicURL
        messageDomain = URL(string: publicURL)?.host ?? "clientele.localhost"
    }

    func send(_ notification: ClaimedNotification) async -> DeliveryOutcome {
        var headers: [(name: String, value: String)] = []
        if let token = notification.unsubscribeToken {
            headers.append(("List-Unsubscribe", "<\(publicURL)/unsubscribe/\(token)>"))
            headers.append(("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        let message = MailMessage(to: notification.recipient, subject: notification.subject ?? "", text: notification.body,
                                  html: notification.html,
                                  messageID: "\(notification.id.canonicalString)@\(messageDomain)", headers: headers)
        do {
            try await mailer.send(message)
            return .sent
        } catch let error as SMTPError {
            return error.isPermanent ? .failed(error.description) : .retry(error.description)
        } catch {
            return .retry(String(describing: error))
        }
    }

    func shutdown() async { await mailer.shutdown() }
}
