import Foundation

/// Which channels each task event notifies the customer on: `settings.notifications`. An organization that never
/// changed it has the defaults of SPEC "Notifications" (seed 000's matrix).
struct NotificationMatrix: Sendable, Equatable {
    private(set) var channels: [NotificationEvent: [NotificationChannel]]

    static let defaults = NotificationMatrix(channels: [
        .taskCreated: [.inApp, .email],
        .taskAccepted: [.inApp, .email],
        .taskInTransit: [.inApp, .email, .sms],
        .taskCompleted: [.inApp, .email, .sms],
        .taskCancelled: [.inApp, .email],
    ])

    func channels(for event: NotificationEvent) -> [NotificationChannel] { channels[event] ?? [] }

    /// The stored form (the `notification_matrix` column): null for the defaults, so that they can improve.
    var storedJSON: String? {
        self == .defaults ? nil : String(decoding: try! JSONEncoder.sortedKeys.encode(jsonObject), as: UTF8.self)
    }

    init(storedJSON: String?) {
        guard let storedJSON, let data = storedJSON.data(using: .utf8),
              let object = try? JSONDecoder().decode([String: [String]].self, from: data)
        else { self = .defaults; return }
        var channels = Self.defaults.channels
        for (key, names) in object {
            guard let event = NotificationEvent(rawValue: key), Self.defaults.channels[event] != nil else { continue }
            channels[event] = names.compactMap(NotificationChannel.init(rawValue:))
        }
        self.channels = channels
    }

    private init(channels: [NotificationEvent: [NotificationChannel]]) { self.channels = channels }

    /// `{"task_created": ["in_app", "email"], …}`, every event present, channels in a fixed order.
    var jsonObject: [String: [String]] {
        Dictionary(uniqueKeysWithValues: NotificationEvent.taskEvents.map { event in
            (event.rawValue, NotificationChannel.allCases.filter(channels(for: event).contains).map(\.rawValue))
        })
    }

    /// Applies the events that were sent, validating each: an unknown event or channel is 422 naming it.
    func applying(_ body: [String: JSONValue], field: String, _ validator: inout Validator) -> NotificationMatrix {
        var result = self
        for (key, value) in body.sorted(by: { $0.key < $1.key }) {
            guard let event = NotificationEvent(rawValue: key), Self.defaults.channels[event] != nil else {
                validator.add("\(field).\(key)", "is not an event; events are "
                              + NotificationEvent.taskEvents.map(\.rawValue).joined(separator: ", "))
                continue
            }
            guard case let .array(items) = value else {
                validator.add("\(field).\(key)", "must be a list of channels (email, sms, in_app)")
                continue
            }
            var chosen: [NotificationChannel] = []
            for (index, item) in items.enumerated() {
                guard case let .string(name) = item, let channel = NotificationChannel(rawValue: name) else {
                    validator.add("\(field).\(key)[\(index)]", "is not a channel; channels are email, sms, in_app")
                    continue
                }
                if !chosen.contains(channel) { chosen.append(channel) }
            }
            result.channels[event] = chosen
        }
        return result
    }
}

extension JSONEncoder {
    /// Stable output for stored JSON (equal values, equal text).
    static let sortedKeys: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()
}
