import Foundation
import NIOConcurrencyHelpers

/// A client's settings: the team its orders go to, which task events email the client and which notify the recipient
/// (within the courier's matrix), and the look of its tracking pages.
struct ClientSettings: Sendable, Equatable {
    /// The team a new order's tasks are given to; nil leaves them unassigned.
    var autoAssignTeamID: UUID?
    /// The task events of the client's orders that email the client.
    var clientEmailEvents: [NotificationEvent] = [.taskCompleted, .taskCancelled]
    /// The task events of the client's deliveries that notify the recipient, on the channels of the courier's matrix.
    var recipientEvents: [NotificationEvent] = NotificationEvent.taskEvents
    /// `#rrggbb`.
    var brandColor: String?
    /// An https link to the client's logo.
    var logoURL: String?
    /// Plain text the tracking page shows under the status.
    var message: String?

    static let defaults = ClientSettings()
    static let maxMessageLength = 500

    enum Key: String, CaseIterable {
        case autoAssignTeamID = "auto_assign_team_id", clientEmailEvents = "client_email_events"
        case recipientEvents = "recipient_events", brandColor = "brand_color", logoURL = "logo_url", message
    }

    var json: JSONValue {
        .object([
            Key.autoAssignTeamID.rawValue: autoAssignTeamID.map { .string($0.canonicalString) } ?? .null,
            Key.clientEmailEvents.rawValue: .array(clientEmailEvents.map { .string($0.rawValue) }),
            Key.recipientEvents.rawValue: .array(recipientEvents.map { .string($0.rawValue) }),
            Key.brandColor.rawValue: brandColor.map(JSONValue.string) ?? .null,
            Key.logoURL.rawValue: logoURL.map(JSONValue.string) ?? .null,
            Key.message.rawValue: message.map(JSONValue.string) ?? .null,
        ])
    }

    var storedJSON: String {
        String(decoding: (try? JSONEncoder().encode(json)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// The settings of a stored JSON, decoded once per distinct JSON (every order and tracking page reads them).
    static func decoded(_ stored: String) -> ClientSettings {
        if let known = decodedSettings.withLockedValue({ $0[stored] }) { return known }
        let settings = decodedNow(stored)
        decodedSettings.withLockedValue { cache in
            if cache.count >= 1_024 { cache.removeAll() }
            cache[stored] = settings
        }
        return settings
    }

    private static let decodedSettings = NIOLockedValueBox<[String: ClientSettings]>([:])

    private static func decodedNow(_ stored: String) -> ClientSettings {
        guard case let .object(fields)? = try? JSONDecoder().decode(JSONValue.self, from: Data(stored.utf8)) else { return defaults }
        var validator = Validator()
        return defaults.applying(fields, field: "settings", &validator)
    }

    /// The fields of `fields` applied to these settings, each checked; an unknown key is an error naming it. The team
    /// is checked to be the organization's by the caller (it needs the database).
    func applying(_ fields: [String: JSONValue], field prefix: String, _ v: inout Validator) -> ClientSettings {
        var settings = self
        for (key, value) in fields.sorted(by: { $0.key < $1.key }) {
            let name = "\(prefix).\(key)"
            switch Key(rawValue: key) {
            case nil:
                v.add(name, "is not a client setting (\(Key.allCases.map(\.rawValue).joined(separator: ", ")))")
            case .autoAssignTeamID?:
                switch value {
                case .null: settings.autoAssignTeamID = nil
                case let .string(text) where UUID(uuidString: text) != nil: settings.autoAssignTeamID = UUID(uuidString: text)
                default: v.add(name, "must be a team id or null")
                }
            case .clientEmailEvents?, .recipientEvents?:
                guard let events = Self.events(value, name, &v) else { continue }
                if key == Key.clientEmailEvents.rawValue { settings.clientEmailEvents = events } else { settings.recipientEvents = events }
            case .brandColor?:
                switch value {
                case .null: settings.brandColor = nil
                case let .string(text) where HexColor.normalize(text) != nil: settings.brandColor = HexColor.normalize(text)
                default: v.add(name, "must be a hex colour like #1a73e8, or null")
                }
            case .logoURL?:
                switch value {
                case .null: settings.logoURL = nil
                case let .string(text) where text.isEmpty: settings.logoURL = nil
                case let .string(text) where HTTPSURL.isValid(text): settings.logoURL = text
                default: v.add(name, "must be an https:// link of at most 2000 characters, or null")
                }
            case .message?:
                switch value {
                case .null: settings.message = nil
                case let .string(text):
                    let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
                    if trimmed.count > Self.maxMessageLength { v.add(name, "must be at most \(Self.maxMessageLength) characters") }
                    else if !PlainText.isPlain(trimmed) { v.add(name, "must be plain text without control characters") }
                    else { settings.message = trimmed.isEmpty ? nil : trimmed }
                default: v.add(name, "must be plain text or null")
                }
            }
        }
        return settings
    }

    private static func events(_ value: JSONValue, _ name: String, _ v: inout Validator) -> [NotificationEvent]? {
        guard case let .array(items) = value, items.count <= NotificationEvent.taskEvents.count * 2 else {
            v.add(name, "must be a list of task events (\(NotificationEvent.taskEvents.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        var events: [NotificationEvent] = []
        for (index, item) in items.enumerated() {
            guard case let .string(text) = item, let event = NotificationEvent(rawValue: text), NotificationEvent.taskEvents.contains(event) else {
                v.add("\(name)[\(index)]", "must be one of \(NotificationEvent.taskEvents.map(\.rawValue).joined(separator: ", "))")
                return nil
            }
            if !events.contains(event) { events.append(event) }
        }
        return NotificationEvent.taskEvents.filter(events.contains)
    }
}
