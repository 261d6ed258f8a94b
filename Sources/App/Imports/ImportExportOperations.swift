/// The routes of exports, imports and privacy (GDPR access and erasure).
enum ImportExportOperations {
    static let all: [APIOperation] = [
        APIOperation(method: "GET", path: "/api/v1/customers/export.csv",
                     summary: "Export the customers the list would show as CSV, streamed (admins, dispatchers)", tag: "export",
                     parameters: listFilters
                        + [APIOperation.query("bom", "true: start with a UTF-8 byte order mark for spreadsheet programs", type: "boolean")],
                     success: (200, "text/csv; cells that start like a formula are prefixed with '", nil), errors: [403, 422]),
        APIOperation(method: "GET", path: "/api/v1/customers/export.xlsx",
                     summary: "Export the customers the list would show as an XLSX workbook (admins, dispatchers)", tag: "export",
                     parameters: listFilters,
                     success: (200, "An XLSX workbook", nil), errors: [403, 422]),
        APIOperation(method: "POST", path: "/api/v1/customers/import",
                     summary: "Import customers from a CSV body (text/csv) or multipart part \"file\": a dry run (200) or a job (202)",
                     tag: "import", parameters: [
                        APIOperation.query("dry_run", "true: report rows to create, matching and rejected, changing nothing", type: "boolean"),
                        APIOperation.query("on_match", "fill (default: only empty fields), overwrite or skip"),
                        APIOperation.query("mapping", "JSON object from file header to field, like {\"Kundenname\": \"name\"}"),
                     ],
                     success: (202, "The import job (200 with the report for a dry run)", nil), errors: [400, 403, 413, 422]),
        APIOperation(method: "GET", path: "/api/v1/imports/{id}", summary: "An import job: status, progress and report",
                     tag: "import", success: (200, "The import job", nil), errors: [400, 403, 404]),
        APIOperation(method: "GET", path: "/api/v1/customers/{id}/data-export",
                     summary: "Everything held about the customer as one JSON document (admins, dispatchers)", tag: "privacy",
                     success: (200, "The personal data export", nil), errors: [400, 403, 404]),
        APIOperation(method: "POST", path: "/api/v1/customers/{id}/erase",
                     summary: "Erase the customer everywhere; orders stay anonymous (admins; body {\"reason\": …})", tag: "privacy",
                     success: (200, "The erasure record: when, by whom, why", nil), errors: [400, 403, 404, 422]),
    ]

    /// The list's search and filters, without its paging.
    static var listFilters: [JSONValue] { Array(APIOperations.customerList.dropFirst(APIOperation.pagination.count)) }
}
