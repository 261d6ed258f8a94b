import Foundation
import Vapor

/// The answers of the merge routes.
enum MergeAnswers {
    /// `POST /customers/merge`: the merge and the kept record as it is now.
    struct Merged: Content {
        let merge: CustomerMergePublic
        let customer: Customer.Public
    }

    /// `POST /customers/merge?preview=true`: the kept record as the merge would leave it, and what would move.
    struct Preview: Content {
        let preview: Bool
        let into: UUID
        let from: [UUID]
        let fields: [String: String]
        let moved: [String: Int]
        let customer: Customer.Public
    }

    /// `POST /customers/merges/{id}/undo`: the merge, now undone, the kept record and the records written back.
    struct Undone: Content {
        let merge: CustomerMergePublic
        let customer: Customer.Public
        let restored: [Customer.Public]
    }
}
