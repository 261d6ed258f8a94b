/// Routes of merging customers and undoing merges.
enum MergeOperations {
    typealias O = APIOperation

    static let all: [APIOperation] = [
        O(method: "POST", path: "/api/v1/customers/merge",
          summary: "Merge customers into one (admins, dispatchers): orders, tasks, addresses, loyalty entries, gift cards, "
              + "notifications, tags and timeline move to the kept record, totals and points are recounted, the others are "
              + "removed; with preview=true the answer is the result and nothing is written. 409 when another request "
              + "changed or merged one of the records meanwhile, or two are linked to different customer accounts",
          tag: "merges",
          parameters: [O.query("preview", "true: answer the result (MergePreview) and write nothing"),
                       CustomerOperationsHeaders.idempotencyKey],
          requestSchema: "MergeInput", success: (200, "The merge and the kept record (or, previewed, a MergePreview)", "MergeResult"),
          errors: [403, 404, 409]),
        O(method: "GET", path: "/api/v1/customers/merges", summary: "Merges, newest first (admins, dispatchers)", tag: "merges",
          parameters: O.pagination + [O.query("customer_id", "Only merges this customer was kept or removed in")],
          success: (200, "A page of merges", "CustomerMergePage"), errors: [403, 422]),
        O(method: "GET", path: "/api/v1/customers/merges/{id}", summary: "One merge with the removed records as they were",
          tag: "merges", success: (200, "The merge", "CustomerMerge"), errors: [403, 404]),
        O(method: "POST", path: "/api/v1/customers/merges/{id}/undo",
          summary: "Undo a merge within 30 days: the removed records, every moved row, the kept record's values, tags and "
              + "totals as they were (rows the kept record got since stay with it); 409 when it was undone already, its "
              + "time ended, or a person in it was erased",
          tag: "merges", parameters: [CustomerOperationsHeaders.idempotencyKey],
          success: (200, "The merge, the kept record and the records written back", "MergeUndoResult"), errors: [403, 404, 409]),
    ]
}
