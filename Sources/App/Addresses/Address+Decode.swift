import Fluent
import SQLKit

extension Address: RowDecodable {
    static func decode(row: any SQLRow) throws -> Address { try decode(RowOutput(row: row)) }

    /// The address in a joined row, whose columns are selected as `prefix + column`; nil when the join found none.
    static func decode(joined row: any SQLRow, prefix: String) throws -> Address? {
        if try row.decodeNil(column: prefix + "id") { return nil }
        return try decode(RowOutput(row: row, prefix: prefix))
    }

    /// The columns to select for `decode(joined:prefix:)`.
    static let joinedColumns: String = joinedColumns(prefix: "address_")

    private static func joinedColumns(prefix: String) -> String {
        ["id", "organization_id", "customer_id", "label", "line1", "line2", "city", "region", "postal_code", "country",
         "formatted", "latitude", "longitude", "contact_name", "contact_phone", "notes", "is_default", "created_at", "updated_at"]
            .map { "addresses.\($0) AS \(prefix)\($0)" }.joined(separator: ", ")
    }

    private static func decode(_ output: RowOutput) throws -> Address {
        let address = Address()
        try address.$id.output(from: output)
        try address.$organizationID.output(from: output)
        try address.$customerID.output(from: output)
        try address.$label.output(from: output)
        try address.$line1.output(from: output)
        try address.$line2.output(from: output)
        try address.$city.output(from: output)
        try address.$region.output(from: output)
        try address.$postalCode.output(from: output)
        try address.$country.output(from: output)
        try address.$formatted.output(from: output)
        try address.$latitude.output(from: output)
        try address.$longitude.output(from: output)
        try address.$contactName.output(from: output)
        try address.$contactPhone.output(from: output)
        try address.$notes.output(from: output)
        try address.$isDefault.output(from: output)
        try address.$createdAt.output(from: output)
        try address.$updatedAt.output(from: output)
        return address
    }
}
