import Fluent
import Foundation

/// A customer import running in the background. `rows_done` is the cursor: it is committed in the same
/// transaction as the rows it counts, so a restarted server resumes exactly where the last batch ended.
final class ImportJob: Model, @unchecked Sendable {
    static let schema = "import_jobs"

    enum Status: String, Codable, Sendable {
        case running, done, failed
    }

    @ID(key: .id) var id: UUID?
    @Field(key: "organization_id") var organizationID: UUID
    @OptionalField(key: "created_by_id") var createdByID: UUID?
    @Field(key: "status") var status: String
    @Field(key: "on_match") var onMatch: String
    /// JSON object: file header → customer field.
    @Field(key: "mapping") var mappingJSON: String
    @Field(key: "file_path") var filePath: String
    @Field(key: "rows_total") var rowsTotal: Int
    @Field(key: "rows_done") var rowsDone: Int
    @Field(key: "created_count") var createdCount: Int
    @Field(key: "updated_count") var updatedCount: Int
    @Field(key: "unchanged_count") var unchangedCount: Int
    @Field(key: "rejected_count") var rejectedCount: Int
    /// JSON array of `ImportRejection`, the first `ImportReport.maxListed`.
    @Field(key: "rejected_rows") var rejectedRowsJSON: String
    @OptionalField(key: "error") var error: String?
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    @OptionalField(key: "finished_at") var finishedAt: Date?

    init() {}

    init(organizationID: UUID, createdByID: UUID?, onMatch: ImportMatchPolicy, mappingJSON: String, filePath: String, rowsTotal: Int) {
        self.organizationID = organizationID
        self.createdByID = createdByID
        self.status = Status.running.rawValue
        self.onMatch = onMatch.rawValue
        self.mappingJSON = mappingJSON
        self.filePath = filePath
        self.rowsTotal = rowsTotal
        self.rowsDone = 0
        self.createdCount = 0
        self.updatedCount = 0
        self.unchangedCount = 0
        self.rejectedCount = 0
        self.rejectedRowsJSON = "[]"
    }
}

extension ImportJob: TenantModel {}
