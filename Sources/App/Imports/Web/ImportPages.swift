import Foundation

/// The dashboard's import: `/imports` (upload a CSV — from Clientele or exported by Shopify, Square, Stripe,
/// WooCommerce or HubSpot — check it first or import it; the organization's recent imports), the dry-run report with
/// row numbers, and `/imports/{id}` with the job's progress (reloading itself while it runs) and its result.
enum ImportPages {
    static let shownRows = 200

    static func upload(csrf: String, values: [String: String] = [:], problem: String? = nil) -> HTML {
        .element("form", ["method": "post", "action": "/imports?" + Formats.query(["_csrf": csrf]), "enctype": "multipart/form-data",
                          "class": "card", "id": "import-form"], [
            .h2("Import customers from a CSV file"),
            .p("A file exported by Clientele, Shopify, Square, Stripe, WooCommerce or HubSpot is read as it is; the columns are "
               + "recognised from its header. Check the file first: nothing is written until you import it.", class: "muted"),
            problem.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            .div(["class": "field"], [
                .element("label", ["for": "f-file"], [.text("CSV file")]),
                .void("input", ["type": "file", "id": "f-file", "name": "file", "accept": ".csv,text/csv", "required": ""]),
            ]),
            .select("When a row matches an existing customer", name: "on_match",
                    options: [("fill", "Fill in only what is empty"), ("overwrite", "Overwrite with the file's values"),
                              ("skip", "Leave the customer as it is")],
                    selected: values["on_match"] ?? "fill"),
            .div(["class": "actions"], [
                .button("Check the file", class: "button secondary", name: "dry_run", value: "true"),
                .button("Import", class: "button", name: "dry_run", value: "false"),
            ]),
        ])
    }

    static func page(jobs: [ImportJob], csrf: String, problem: String? = nil) -> WebPage {
        WebPage(title: "Import", breadcrumbs: [("Customers", "/customers"), ("Import", nil)], content: [
            .h1("Import customers"),
            upload(csrf: csrf, problem: problem),
            jobs.isEmpty ? .empty : .section(["class": "card", "aria-labelledby": "imports-title"], [
                .h2("Recent imports", id: "imports-title"),
                .table(caption: "Recent imports", head: [.th("Started"), .th("Status"), .th("Rows"), .th("Created"), .th("Updated"),
                                                         .th("Rejected")],
                       rows: jobs.map { job in
                           .element("tr", ["data-href": "/imports/\(job.id!.canonicalString)", "tabindex": "0"], [
                               .td([.link(Formats.dateTime(job.createdAt), to: "/imports/\(job.id!.canonicalString)")], class: "primary"),
                               .td([.span(Formats.label(job.status), class: "status \(job.status)")]),
                               .td("\(job.rowsDone) of \(job.rowsTotal)", label: "Rows"),
                               .td(String(job.createdCount), label: "Created"),
                               .td(String(job.updatedCount), label: "Updated"),
                               .td(String(job.rejectedCount), label: "Rejected"),
                           ])
                       }, stacked: true),
            ]),
        ])
    }

    static func report(_ report: ImportReport, csrf: String, values: [String: String]) -> WebPage {
        let figures: [(String, Int)] = [("Rows", report.rows), ("New customers", report.toCreate),
                                        ("Match existing customers", report.matchingExisting),
                                        ("Repeat an earlier row", report.duplicatesInFile), ("Rejected", report.rejected)]
        return WebPage(title: "Import check", breadcrumbs: [("Customers", "/customers"), ("Import", "/imports"), ("Check", nil)], content: [
            .h1("The file checked: nothing written yet"),
            .div(["class": "figures", "id": "import-report"], figures.map {
                .div(["class": "figure"], [.element("strong", [:], [.text(String($0.1))]), .span($0.0, class: "muted")])
            }),
            report.rejectedRows.isEmpty ? .p("No row is rejected.", class: "muted") : rejectedTable(report.rejectedRows),
            report.matches.isEmpty ? .empty : .section(["class": "card"], [
                .h2("Rows that match existing customers"),
                .table(caption: "Rows that match existing customers", head: [.th("Row"), .th("Customer"), .th("Matched by")],
                       rows: report.matches.prefix(shownRows).map { match in
                           .element("tr", [:], [.td(String(match.row)),
                                                .td([.link("Open", to: "/customers/\(match.customerID.canonicalString)")]),
                                                .td(Formats.label(match.by))])
                       }),
            ]),
            report.duplicates.isEmpty ? .empty : .section(["class": "card"], [
                .h2("Rows that repeat an earlier row"),
                .table(caption: "Rows that repeat an earlier row", head: [.th("Row"), .th("Same as row"), .th("By")],
                       rows: report.duplicates.prefix(shownRows).map { duplicate in
                           .element("tr", [:], [.td(String(duplicate.row)), .td(String(duplicate.sameAsRow)), .td(Formats.label(duplicate.by))])
                       }),
            ]),
            .p("To import it, choose the same file again below and press Import.", class: "muted"),
            upload(csrf: csrf, values: values),
        ])
    }

    static func job(_ job: ImportJob) -> WebPage {
        let running = job.status == ImportJob.Status.running.rawValue
        let rejected = (try? JSONDecoder().decode([ImportRejection].self, from: Data(job.rejectedRowsJSON.utf8))) ?? []
        let figures: [(String, Int)] = [("Created", job.createdCount), ("Updated", job.updatedCount),
                                        ("Unchanged", job.unchangedCount), ("Rejected", job.rejectedCount)]
        let percent = job.rowsTotal == 0 ? 100 : Int((Double(job.rowsDone) / Double(job.rowsTotal) * 100).rounded(.down))
        return WebPage(title: "Import", breadcrumbs: [("Customers", "/customers"), ("Import", "/imports"), ("Progress", nil)], content: [
            .h1(running ? "Importing…" : job.status == ImportJob.Status.failed.rawValue ? "The import failed" : "Import finished"),
            .section(["class": "card", "id": "import-progress", "aria-live": "polite"], [
                .element("label", ["for": "import-bar"], [.text("\(job.rowsDone) of \(job.rowsTotal) rows (\(percent) %)")]),
                .element("progress", ["id": "import-bar", "max": String(max(job.rowsTotal, 1)), "value": String(job.rowsDone)],
                         [.text("\(percent) %")]),
                .p("Status: \(Formats.label(job.status))" + (running ? " — this page refreshes itself." : ""), class: "muted"),
                job.error.map { .div(["class": "flash error", "role": "alert"], [.text($0)]) } ?? .empty,
            ]),
            .div(["class": "figures"], figures.map {
                .div(["class": "figure"], [.element("strong", [:], [.text(String($0.1))]), .span($0.0, class: "muted")])
            }),
            rejected.isEmpty ? .empty : rejectedTable(rejected),
            running ? .empty : .p([:], [.link("Import another file", to: "/imports", class: "button secondary"), .text(" "),
                                        .link("See the customers", to: "/customers", class: "button secondary")]),
        ], refreshSeconds: running ? 2 : nil)
    }

    private static func rejectedTable(_ rows: [ImportRejection]) -> HTML {
        .section(["class": "card", "aria-labelledby": "rejected-title"], [
            .h2("Rejected rows", id: "rejected-title"),
            .table(caption: "Rejected rows", head: [.th("Row"), .th("Field"), .th("Why")], rows: rows.prefix(shownRows).map { r in
                .element("tr", [:], [.td(String(r.row)), .td(r.field, label: "Field"), .td(r.reason, label: "Why")])
            }, stacked: true),
            rows.count > shownRows ? .p("… and \(rows.count - shownRows) more.", class: "muted") : .empty,
        ])
    }
}
