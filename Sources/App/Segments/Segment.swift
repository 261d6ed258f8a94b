import Fluent
import Vapor

/// A saved, named filter of an organization's customer list (SPEC "Segments"): `filters` holds the list's
/// parameters as the query string would carry them, checked when saved and read again on every use.
final class Segment: Model, @unchecked Sendable {
    static let schema = "segments"

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @Field(key: "name") var name: String
    /// The name folded and trimmed: unique in the organization.
    @Field(key: "name_key") var nameKey: String
    /// A JSON object of filter name → value, keys sorted.
    @Field(key: "filters") var filtersJSON: String
    @OptionalField(key: "created_by_id") var createdByID: UUID?
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "updated_at") var updatedAt: Date

    init() {}

    var filters: SegmentFilters { SegmentFilters(storedJSON: filtersJSON) }

    struct Public: Content {
        let id: UUID
        let name: String
        let filters: [String: String]
        /// How many customers the filters match now.
        let count: Int
        let createdAt: Date
        let updatedAt: Date

        enum CodingKeys: String, CodingKey {
            case id, name, filters, count
            case createdAt = "created_at"
            case updatedAt = "updated_at"
        }
    }

    func asPublic(count: Int) -> Public {
        Public(id: id!, name: name, filters: filters.values, count: count, createdAt: createdAt, updatedAt: updatedAt)
    }

    /// `POST /segments` and `PATCH /segments/{id}`: `name`, `filters` (an object; a PATCH's replaces the whole set).
    struct Input: Content {
        var name: String?
        var filters: JSONValue?
    }

    static func nameKey(_ name: String) -> String { name.trimmingCharacters(in: .whitespaces).lowercased() }
}

extension Segment: TenantModel {}
