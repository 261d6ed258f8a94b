import Foundation
import SQLKit

/// The columns an export writes, read straight from the row: a whole `Customer` model (forty property wrappers)
/// per exported row cost more than everything else of a CSV export together.
struct CustomerExportRow: Sendable {
    var seq = 0
    var searchName = ""
    var name = ""
    var firstName: String?, lastName: String?, email: String?, phone: String?, company: String?
    var tagsJSON = "[]"
    var status = ""
    var createdAt: Date?
    var loyaltyPoints = 0, visits = 0, totalOrders = 0
    var totalSpentMinor: Int64 = 0
    var lastOrderAt: Date?
    var emailOptIn = false, smsOptIn = false

    static let columns = ["seq", "search_name", "name", "first_name", "last_name", "email", "phone", "company", "tags", "status",
                          "created_at", "loyalty_points", "visits", "total_orders", "total_spent_minor", "last_order_at",
                          "email_opt_in", "sms_opt_in"]
    static let select = columns.map { "customers." + $0 }.joined(separator: ", ")

    var cursorKey: CustomerSearch.CursorKey {
        CustomerSearch.CursorKey(seq: seq, searchName: searchName, totalSpentMinor: totalSpentMinor, lastOrderAt: lastOrderAt)
    }

    static func decode(_ row: any SQLRow) throws -> CustomerExportRow {
        var out = CustomerExportRow()
        out.seq = try row.decode(column: "seq", as: Int.self)
        out.searchName = try row.decode(column: "search_name", as: String.self)
        out.name = try row.decode(column: "name", as: String.self)
        out.firstName = try row.decode(column: "first_name", as: String?.self)
        out.lastName = try row.decode(column: "last_name", as: String?.self)
        out.email = try row.decode(column: "email", as: String?.self)
        out.phone = try row.decode(column: "phone", as: String?.self)
        out.company = try row.decode(column: "company", as: String?.self)
        out.tagsJSON = try row.decode(column: "tags", as: String.self)
        out.status = try row.decode(column: "status", as: String.self)
        out.createdAt = try row.decode(column: "created_at", as: Date?.self)
        out.loyaltyPoints = try row.decode(column: "loyalty_points", as: Int.self)
        out.visits = try row.decode(column: "visits", as: Int.self)
        out.totalOrders = try row.decode(column: "total_orders", as: Int.self)
        out.totalSpentMinor = try row.decode(column: "total_spent_minor", as: Int64.self)
        out.lastOrderAt = try row.decode(column: "last_order_at", as: Date?.self)
        out.emailOptIn = try row.decode(column: "email_opt_in", as: Bool.self)
        out.smsOptIn = try row.decode(column: "sms_opt_in", as: Bool.self)
        return out
    }
}
