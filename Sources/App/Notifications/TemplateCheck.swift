import Foundation
import Mustache

/// What staff may write in a template: Mustache variables and sections of the event's named variables, nothing else
/// (no partials, blocks, pragmas or delimiter changes), at most 20 KB, a subject of one line.
struct TemplateCheck {
    static let maxBodyBytes = 20 * 1024
    static let maxSubjectLength = 200

    let variables: [String]

    /// The variables a template of `event` may use.
    init(event: NotificationEvent) {
        variables = event == .marketing
            ? ["customer.name", "customer.first_name", "organization.name", "unsubscribe_url"]
            : ["customer.name", "customer.first_name", "order.number", "task.status", "task.eta", "tracking_url",
               "organization.name"]
    }

    /// Adds a problem for each field of `text` that is wrong: `body`, `subject` (prefixed with `field`).
    func validate(_ text: TemplateText, channel: NotificationChannel, prefix: String = "", _ validator: inout Validator) {
        if let subject = text.subject {
            if channel != .email {
                validator.add(prefix + "subject", "only email has a subject")
            } else if subject.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
                validator.add(prefix + "subject", "must be one line (no line breaks)")
            } else if subject.count > Self.maxSubjectLength {
                validator.add(prefix + "subject", "must be at most \(Self.maxSubjectLength) characters")
            } else if let problem = problem(in: subject) {
                validator.add(prefix + "subject", problem)
            }
        }
        if text.body.utf8.count > Self.maxBodyBytes {
            validator.add(prefix + "body", "must be at most 20 KB (\(Self.maxBodyBytes) bytes)")
        } else if text.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            validator.add(prefix + "body", "is required")
        } else if let problem = problem(in: text.body) {
            validator.add(prefix + "body", problem)
        }
    }

    /// Why `template` cannot be used, or nil.
    func problem(in template: String) -> String? {
        for tag in MustacheTags(template) {
            switch tag {
            case let .name(name):
                if !variables.contains(name) {
                    return "uses {{\(name)}}, which is not a variable here; the variables are "
                        + variables.map { "{{\($0)}}" }.joined(separator: ", ")
                }
            case let .unsupported(text):
                return "uses {{\(text)}}: partials, blocks, pragmas and delimiter changes are not supported"
            case .unclosed:
                return "has a {{ without its closing }}"
            }
        }
        do {
            _ = try MustacheTemplate(string: template)
        } catch let error as MustacheTemplate.ParserError {
            return "is not a valid template (\(error.error)) at line \(error.context.lineNumber), column \(error.context.columnNumber)"
        } catch {
            return "is not a valid template (\(error))"
        }
        return nil
    }
}

/// The tags of a Mustache template, as far as the check needs them.
struct MustacheTags: Sequence, IteratorProtocol {
    enum Tag: Equatable { case name(String), unsupported(String), unclosed }

    private var rest: Substring

    init(_ template: String) { rest = Substring(template) }

    mutating func next() -> Tag? {
        while let open = rest.range(of: "{{") {
            rest = rest[open.upperBound...]
            let triple = rest.first == "{"
            guard let close = rest.range(of: triple ? "}}}" : "}}") else { rest = ""; return .unclosed }
            var inside = rest[rest.startIndex..<close.lowerBound]
            rest = rest[close.upperBound...]
            if triple { inside = inside.dropFirst() }
            let sigil = inside.first
            switch sigil {
            case "!": continue
            case "#", "^", "/", "&":
                return .name(inside.dropFirst().trimmingCharacters(in: .whitespaces))
            case ">", "<", "$", "=", "%":
                return .unsupported(String(inside))
            default:
                return .name(inside.trimmingCharacters(in: .whitespaces))
            }
        }
        return nil
    }
}
