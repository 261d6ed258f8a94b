import Foundation
import Vapor

extension Customer.Public {
    /// The record's keys in sorted order: the columns that `CustomerColumns` shows, the nested `marketing` object,
    /// and the default address, which is not a column of the record.
    enum Entry: Sendable {
        case column(key: String, CustomerColumn)
        case object(key: String, [Entry])
        case defaultAddress
        case possibleDuplicates

        var key: String {
            switch self {
            case let .column(key, _), let .object(key, _): key
            case .defaultAddress: "default_address"
            case .possibleDuplicates: "possible_duplicates"
            }
        }
    }

    static let layout: [Entry] = {
        var top: [Entry] = [.defaultAddress, .possibleDuplicates]
        var nested: [String: [Entry]] = [:]
        for column in CustomerColumns.all {
            guard let key = column.json else { continue }
            let parts = key.split(separator: ".", maxSplits: 1).map(String.init)
            if parts.count == 2 { nested[parts[0], default: []].append(.column(key: parts[1], column)) }
            else { top.append(.column(key: key, column)) }
        }
        for (key, entries) in nested { top.append(.object(key: key, entries.sorted { $0.key < $1.key })) }
        return top.sorted { $0.key < $1.key }
    }()

    /// What an agent sees of a customer it delivers to.
    static let deliveryView: Set<String> = ["default_address", "id", "name", "notes", "phone"]

    /// The document, keys in sorted order, written directly.
    func write(to json: inout JSONWriter) {
        write(Self.layout, to: &json, top: true)
    }

    private func write(_ entries: [Entry], to json: inout JSONWriter, top: Bool) {
        json.beginObject()
        for entry in entries {
            if top, deliveryViewOnly, !Self.deliveryView.contains(entry.key) { continue }
            if top, !includeNotes, !deliveryViewOnly, entry.key == "notes" { continue }
            if case .possibleDuplicates = entry, possibleDuplicates == nil { continue }
            json.key(entry.key)
            switch entry {
            case let .column(_, column): column.writeJSON(customer, &json)
            case let .object(_, inner): write(inner, to: &json, top: false)
            case .defaultAddress: writeAddress(to: &json)
            case .possibleDuplicates:
                json.beginArray()
                for duplicate in possibleDuplicates ?? [] { duplicate.write(to: &json) }
                json.endArray()
            }
        }
        json.endObject()
    }

    private func writeAddress(to json: inout JSONWriter) {
        guard let address = defaultAddress else { return json.null() }
        Address.Public(address).write(to: &json)
    }

    /// The record as a JSON response.
    func response(status: HTTPResponseStatus) -> Response {
        var json = JSONWriter()
        write(to: &json)
        return Response.json(json, status: status)
    }
}

extension Response {
    static func json(_ json: JSONWriter, status: HTTPResponseStatus) -> Response {
        var headers = HTTPHeaders()
        headers.add(name: .contentType, value: "application/json; charset=utf-8")
        return Response(status: status, headers: headers, body: .init(buffer: ByteBuffer(bytes: json.bytes)))
    }
}
