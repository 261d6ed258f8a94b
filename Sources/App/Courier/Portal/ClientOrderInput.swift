import Foundation

/// The body of `POST /client/orders`: where to pick up and drop off, who receives it, when, and notes for the driver.
struct ClientOrderInput: Decodable, Sendable {
    struct Recipient: Decodable, Sendable {
        var name: String?
        var phone: String?
        var email: String?
    }

    var pickup: TaskLocation?
    var dropoff: TaskLocation?
    var recipient: Recipient?
    var pickupWindow: DeliveryTask.Window?
    var dropoffWindow: DeliveryTask.Window?
    var notes: String?
    /// The client's own reference for the order (its receipt or ticket number).
    var reference: String?

    enum CodingKeys: String, CodingKey {
        case pickup, dropoff, recipient, notes, reference
        case pickupWindow = "pickup_window", dropoffWindow = "dropoff_window"
    }

    /// The checked order: locations, recipient contact normalized, windows in order.
    struct Checked: Sendable {
        var pickup: TaskLocation
        var dropoff: TaskLocation
        var recipientName: String
        var recipientPhone: String?
        var recipientEmail: String?
        var pickupWindow: (start: Date?, end: Date?)
        var dropoffWindow: (start: Date?, end: Date?)
        var notes: String?
        var reference: String?
    }

    func checked(defaultCountry: String) throws -> Checked {
        var v = Validator()
        func location(_ value: TaskLocation?, _ name: String) -> TaskLocation? {
            guard let value else {
                v.add(name, "is required")
                return nil
            }
            if value.addressID != nil {
                v.add("\(name).address_id", "a client gives the address itself (line1, city…), not a saved address")
                return nil
            }
            return TaskInputReader.checkedInline(value, name, defaultCountry: defaultCountry, &v)
        }
        let pickup = location(self.pickup, "pickup")
        let dropoff = location(self.dropoff, "dropoff")
        let name = v.text(recipient?.name, "recipient.name", required: true, max: 200)
        let email = v.email(recipient?.email, "recipient.email")
        var phone: String?
        if let raw = recipient?.phone, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            switch PhoneNumber.normalize(raw, defaultRegion: dropoff?.country ?? defaultCountry) {
            case let .success(e164): phone = e164
            case let .failure(error): v.add("recipient.phone", error.message)
            }
        }
        if recipient == nil { v.add("recipient", "is required: {\"name\", \"phone\", \"email\"}") }
        else if phone == nil, email == nil, recipient?.phone == nil, recipient?.email == nil {
            v.add("recipient.phone", "a phone or an email is required, to tell the recipient about the delivery")
        }
        func window(_ value: DeliveryTask.Window?, _ field: String) -> (Date?, Date?) {
            guard let value else { return (nil, nil) }
            if let start = value.start, let end = value.end, end <= start {
                v.add("\(field).end", "must be after start")
            }
            return (value.start, value.end)
        }
        let pickupWindow = window(self.pickupWindow, "pickup_window")
        let dropoffWindow = window(self.dropoffWindow, "dropoff_window")
        let notes = v.text(self.notes, "notes", max: 2_000)
        let reference = v.text(self.reference, "reference", max: 100)
        try v.check()
        return Checked(pickup: pickup!, dropoff: dropoff!, recipientName: name!, recipientPhone: phone, recipientEmail: email,
                       pickupWindow: pickupWindow, dropoffWindow: dropoffWindow, notes: notes, reference: reference)
    }
}
