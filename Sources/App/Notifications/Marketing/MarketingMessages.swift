import Fluent
import SQLKit
import Foundation

/// Sends a marketing message: one notification per chosen customer, written in one transaction, only to those who
/// opted in for the channel; an email carries a one-click unsubscribe link and headers (RFC 8058).
struct MarketingMessages {
    static let maxRecipients = 50_000

    let database: any Database
    let organization: Organization
    let access: CustomerAccess
    let config: OutboxConfig

    func send(_ input: MarketingMessageInput) async throws -> MarketingMessageResult {
        let (channel, text) = try checked(input)
        let recipients = try await chosen(input)
        let now = Date()
        var result = MarketingMessageResult()
        var rows: [RowInsert] = []
        rows.reserveCapacity(recipients.count)
        for customer in recipients {
            let optedIn = channel == .email ? customer.emailOptIn : customer.smsOptIn
            let address = channel == .email ? customer.email : customer.phone
            let token = channel == .email && optedIn && address != nil ? UnsubscribeToken.make() : nil
            let values = TemplateValues(customerName: customer.name, customerFirstName: customer.firstName,
                                        organizationName: organization.name,
                                        unsubscribeURL: token.map { "\(config.publicURL)/unsubscribe/\($0)" })
            let notification = OutboxNotification.new(organizationID: organization.id!, kind: .marketing, event: .marketing,
                                                      channel: channel, rendered: TemplateRenderer.render(text, channel: channel, values: values),
                                                      at: now, maxAttempts: config.maxAttempts)
            notification.customerID = customer.id
            notification.recipient = address
            if !optedIn {
                notification.status = NotificationStatus.skipped.rawValue
                notification.skipReason = NotificationSkipReason.noConsent.rawValue
                result.skippedNoConsent += 1
            } else if address == nil {
                notification.status = NotificationStatus.skipped.rawValue
                notification.skipReason = channel.missingContactReason?.rawValue
                result.skippedNoContact += 1
            } else {
                notification.nextAttemptAt = now
                notification.unsubscribeToken = token
                result.queued += 1
            }
            rows.append(notification.insertRow)
        }
        let batches = stride(from: 0, to: rows.count, by: 500).map { Array(rows[$0..<min($0 + 500, rows.count)]) }
        try await WriteTransaction.run(on: database) { db in
            for batch in batches { try await RowInsert.run(batch, on: db) }
        }
        OutboxSignal.shared.wake()
        return result
    }

    private func checked(_ input: MarketingMessageInput) throws -> (NotificationChannel, TemplateText) {
        var v = Validator()
        let channel: NotificationChannel? = v.oneOf(input.channel, "channel", allowed: [NotificationChannel.email, .sms], required: true)
        var subject = input.subject
        if channel == .email, subject == nil { subject = "News from {{organization.name}}" }
        if channel == .sms, subject != nil { v.add("subject", "only email has a subject") ; subject = nil }
        let text = TemplateText(subject: subject, body: input.body ?? "")
        if let channel { TemplateCheck(event: .marketing).validate(text, channel: channel, &v) }
        // Every marketing email carries its unsubscribe link in the message too, wherever the writer put it or not.
        let sent = channel == .email && !text.body.contains("unsubscribe_url")
            ? TemplateText(subject: subject, body: text.body + Self.unsubscribeFooter) : text
        let choices = [input.customerIDs != nil, input.filters != nil, input.segmentID != nil].filter { $0 }.count
        if choices == 0 { v.add("customer_ids", "name the customers: customer_ids, filters or segment_id") }
        if choices > 1 { v.add("customer_ids", "give one of customer_ids, filters and segment_id") }
        if let ids = input.customerIDs {
            if ids.count > MarketingMessageInput.maxCustomerIDs {
                v.add("customer_ids", "must list at most \(MarketingMessageInput.maxCustomerIDs) customers; use filters for more")
            }
            for (index, id) in ids.prefix(MarketingMessageInput.maxCustomerIDs).enumerated() where UUID(uuidString: id) == nil {
                v.add("customer_ids[\(index)]", "must be a customer id (a UUID)")
            }
        }
        if let filters = input.filters {
            for key in filters.keys.sorted() where !CustomerListParameters.filterNames.contains(key) {
                v.add("filters.\(key)", "is not a filter; filters are " + CustomerListParameters.filterNames.joined(separator: ", "))
            }
        }
        if let segment = input.segmentID, UUID(uuidString: segment) == nil { v.add("segment_id", "must be a segment id (a UUID)") }
        try v.check()
        return (channel!, sent)
    }

    static let unsubscribeFooter = """

        <p style="font-size:12px;color:#666">You receive this because you agreed to hear from {{organization.name}}. \
        <a href="{{unsubscribe_url}}">Unsubscribe</a></p>
        """

    private func chosen(_ input: MarketingMessageInput) async throws -> [MarketingRecipient] {
        if let ids = input.customerIDs {
            let uuids = Array(Set(ids.compactMap(UUID.init(uuidString:))))
            guard !uuids.isEmpty else { return [] }
            let query: SQLQueryString = "SELECT \(unsafeRaw: MarketingRecipient.select) FROM customers WHERE "
            let rows = try await SQLRows.all(query + SQLDialectKind(database).byKey() + " = \(bind: access.tenant.organizationID) "
                                             + "AND id IN (\(binds: uuids))", on: try database.sql)
            let found = try rows.map(MarketingRecipient.decode)
            let foundIDs = Set(found.map(\.id))
            let missing = uuids.filter { !foundIDs.contains($0) }
            if let first = missing.first, let index = ids.firstIndex(where: { UUID(uuidString: $0) == first }) {
                throw Problem.invalid("customer_ids[\(index)]", "no customer of this organization has this id")
            }
            return found
        }
        let timezone = TimeZone(identifier: organization.timezone) ?? .gmt
        let parameters: CustomerListParameters
        if let segmentID = input.segmentID.flatMap(UUID.init(uuidString:)) {
            guard let segment = try await access.tenant.query(Segment.self, on: database).filter(\.$id == segmentID).first() else {
                throw Problem.invalid("segment_id", "no segment of this organization has this id")
            }
            parameters = try segment.filters.parameters(timezone: timezone)
        } else {
            let filters = input.filters ?? [:]
            parameters = try CustomerListParameters(timezone: timezone, prefix: "filters.") { name in filters[name]?.filterText }
        }
        let search = CustomerSearch(database: database, access: access)
        var recipients: [MarketingRecipient] = []
        var after: String?
        while true {
            let page = try await search.rows(parameters, page: PageRequest(perPage: 1000, after: after),
                                             select: MarketingRecipient.select, decode: MarketingRecipient.decode, key: \.cursorKey)
            recipients += page.rows
            if recipients.count > Self.maxRecipients {
                throw Problem.invalid("filters", "match more than \(Self.maxRecipients) customers; narrow them (one message reaches at most \(Self.maxRecipients))")
            }
            guard let next = page.nextCursor,
                  let decoded = Data(base64URLEncoded: next).flatMap({ String(data: $0, encoding: .utf8) })
            else { return recipients }
            after = decoded
        }
    }
}

extension JSONValue {
    /// A filter's value as the query string would carry it.
    var filterText: String? {
        switch self {
        case let .string(value): value
        case let .bool(value): value ? "true" : "false"
        case let .int(value): String(value)
        case let .double(value): String(value)
        case .null, .array, .object: nil
        }
    }
}
