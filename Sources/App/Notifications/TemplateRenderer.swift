import Foundation
import Mustache
import NIOConcurrencyHelpers

/// Renders checked templates with swift-mustache. Values are HTML-escaped in an email's HTML; its text part, an SMS
/// and an in-app message are the same template read as plain text. Parsed templates are kept, keyed by their text.
enum TemplateRenderer {
    struct Rendered: Sendable, Equatable {
        var subject: String?
        var text: String
        var html: String?
    }

    static func render(_ template: TemplateText, channel: NotificationChannel, values: TemplateValues) -> Rendered {
        let context = values.context
        switch channel {
        case .email:
            let html = parsed(template.body, plain: false).render(context)
            let subject = template.subject.map { parsed($0, plain: true).render(context) }
                .map(oneLine)
            return Rendered(subject: subject, text: HTMLText.plain(html), html: html)
        case .sms, .inApp:
            let text = parsed(template.body, plain: true).render(context).trimmingCharacters(in: .whitespacesAndNewlines)
            return Rendered(subject: nil, text: text, html: nil)
        }
    }

    /// A subject is one header line: a line break a value brought in becomes a space.
    static func oneLine(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.map { $0 == "\r" || $0 == "\n" ? " " : $0 }))
    }

    private static let cache = NIOLockedValueBox<[String: MustacheTemplate]>([:])
    private static let cacheLimit = 512

    /// The parsed template; text that fails to parse (only stored templates checked by an earlier release could)
    /// renders as itself.
    private static func parsed(_ text: String, plain: Bool) -> MustacheTemplate {
        let source = plain ? "{{% CONTENT_TYPE: TEXT}}" + text : text
        if let hit = cache.withLockedValue({ $0[source] }) { return hit }
        let template = (try? MustacheTemplate(string: source))
            ?? (try! MustacheTemplate(string: "{{% CONTENT_TYPE: TEXT}}{{text}}"))
        cache.withLockedValue { entries in
            if entries.count >= cacheLimit { entries.removeAll(keepingCapacity: true) }
            entries[source] = template
        }
        return template
    }
}
