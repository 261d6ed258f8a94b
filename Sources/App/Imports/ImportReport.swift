import Vapor

/// What an import would do (dry run): rows to create, rows matching an existing customer, rows matching an
/// earlier row of the same file, and rejected rows with row number, field and reason. Lists hold the first
/// `maxListed` entries; the counts are always complete.
struct ImportReport: Content {
    static let maxListed = 1000

    struct Match: Content {
        let row: Int
        let customerID: UUID
        let by: String
        enum CodingKeys: String, CodingKey { case row, by, customerID = "customer_id" }
    }

    struct Duplicate: Content {
        let row: Int
        let sameAsRow: Int
        let by: String
        enum CodingKeys: String, CodingKey { case row, by, sameAsRow = "same_as_row" }
    }

    var rows = 0
    var toCreate = 0
    var matchingExisting = 0
    var duplicatesInFile = 0
    var rejected = 0
    var matches: [Match] = []
    var duplicates: [Duplicate] = []
    var rejectedRows: [ImportRejection] = []

    enum CodingKeys: String, CodingKey {
        case rows, matches, duplicates, rejected
        case toCreate = "to_create", matchingExisting = "matching_existing", duplicatesInFile = "duplicates_in_file"
        case rejectedRows = "rejected_rows"
    }

    mutating func reject(_ rejections: [ImportRejection]) {
        rejected += 1
        for rejection in rejections where rejectedRows.count < Self.maxListed { rejectedRows.append(rejection) }
    }

    mutating func matched(_ match: Match) {
        matchingExisting += 1
        if matches.count < Self.maxListed { matches.append(match) }
    }

    mutating func duplicate(_ duplicate: Duplicate) {
        duplicatesInFile += 1
        if duplicates.count < Self.maxListed { duplicates.append(duplicate) }
    }
}
