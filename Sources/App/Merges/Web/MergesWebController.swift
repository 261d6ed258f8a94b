import SQLKit
import Vapor

/// Merging from the dashboard: choose what wins (`/merges/new`), preview and merge (`POST /merges`), the merges list
/// with undo. Thin: `CustomerMerger` and `CustomerMergeUndo` do the work, as for the API, under the same permission.
struct MergesWebController {
    static let perPage = 20

    func boot(routes: any RoutesBuilder) {
        let merges = routes.grouped("merges")
        merges.get(use: list)
        merges.get("new", use: choose)
        merges.post(use: merge)
        merges.post(":id", "undo", use: undo)
    }

    func list(req: Request) async throws -> Response {
        let context = try await MergeContext.make(for: req, source: "dashboard")
        let dashboard = try req.dashboard
        let query = WebQuery.values(of: req, keys: ["page", "cursor"])
        WebQuery.dropEmpty(req)
        let page = try PageRequest(from: req)
        let (merges, total, cursor) = try await context.records.list(page: page, customerID: nil)
        let listed = Page(merges.map { CustomerMergePublic($0) }, total: total, nextCursor: cursor, request: page)
        let rows = try await Self.rows(merges, context: context)
        return Layout.response(MergesPage.page(rows, page: listed, query: query, csrf: dashboard.csrf), context: dashboard)
    }

    func choose(req: Request) async throws -> Response {
        let context = try await MergeContext.make(for: req, source: "dashboard")
        let dashboard = try req.dashboard
        let (keep, other) = try await Self.pair(req, context: context, keep: req.query[String.self, at: "keep"],
                                                other: req.query[String.self, at: "other"])
        return Layout.response(MergeChoicePage.page(keep: keep, other: other, csrf: dashboard.csrf), context: dashboard)
    }

    /// `action=preview` shows the result and changes nothing; `action=merge` merges and opens the kept record.
    func merge(req: Request) async throws -> Response {
        let context = try await MergeContext.make(for: req, source: "dashboard")
        let dashboard = try req.dashboard
        let fields = try req.formFields()
        let (keep, other) = try await Self.pair(req, context: context, keep: fields["into"], other: fields["from"])
        var choices: [String: String] = [:]
        for name in MergeFields.names { if let id = fields["fields.\(name)"] { choices[name] = id } }
        do {
            let request = try MergeRequest(.init(into: fields["into"], from: [fields["from"] ?? ""], fields: choices))
            if fields["action"] == "preview" {
                let outcome = try await context.merger.merge(request, preview: true)
                return Layout.response(MergePreviewPage.page(outcome, request: request, other: other, csrf: dashboard.csrf),
                                       context: dashboard)
            }
            let outcome = try await context.merger.merge(request, preview: false)
            return req.redirect(to: "/customers/\(request.into.canonicalString)",
                                flash: "“\(other.name)” merged into “\(outcome.customer.name)”. You can undo it for 30 days under Merges.")
        } catch let problem as Problem where [.unprocessableEntity, .conflict, .notFound].contains(problem.status) {
            let chosen = Dictionary(uniqueKeysWithValues: choices.map { ("fields.\($0.key)", $0.value) })
            return Layout.response(MergeChoicePage.page(keep: keep, other: other, chosen: chosen,
                                                        problem: "Not merged: \(Self.describe(problem))", csrf: dashboard.csrf),
                                   context: dashboard, status: problem.status)
        }
    }

    func undo(req: Request) async throws -> Response {
        let context = try await MergeContext.make(for: req, source: "dashboard")
        let back = SignInController.safeNext(try req.formFields()["return_to"] ?? "/merges")
        do {
            let outcome = try await context.undo.undo(try req.uuidParameter("id"))
            let names = outcome.restored.map { "“\($0.name)”" }.joined(separator: ", ")
            return req.redirect(to: back, flash: "Merge undone: \(names) \(outcome.restored.count == 1 ? "is" : "are") back.")
        } catch let problem as Problem where problem.status == .conflict || problem.status == .unprocessableEntity {
            return req.redirect(to: back, flash: "Not undone: \(Self.describe(problem))")
        }
    }

    /// The kept and the other record, each the caller's to see (another organization's answers 404).
    private static func pair(_ req: Request, context: MergeContext, keep: String?, other: String?) async throws -> (Customer, Customer) {
        guard let keepID = keep.flatMap(UUID.init(uuidString:)) else { throw Problem.invalid("keep", "must be a customer id (a UUID)") }
        guard let otherID = other.flatMap(UUID.init(uuidString:)) else { throw Problem.invalid("other", "must be a customer id (a UUID)") }
        guard keepID != otherID else { throw Problem.invalid("other", "is the record kept; a record is not merged into itself") }
        return (try await context.access.require(keepID, on: context.database), try await context.access.require(otherID, on: context.database))
    }

    /// The kept records' names and the removed records' names from their snapshots, for the list.
    static func rows(_ merges: [CustomerMerge], context: MergeContext) async throws -> [MergesPage.Row] {
        guard !merges.isEmpty else { return [] }
        // By key: the customers' ids, not the organization's index (`SQLDialectKind.byKey`).
        let kept = try await context.tenant.select(Customer.self, where: "id IN (\(binds: Array(Set(merges.map(\.intoID)))))",
                                                   on: context.database, byKey: true)
        let names = Dictionary(kept.map { ($0.id!, $0.name) }, uniquingKeysWith: { first, _ in first })
        let sources = try await context.records.sources(of: merges.map(\.id))
        let now = Date()
        return merges.map { merge in
            let removed = (sources[merge.id] ?? []).compactMap(\.snapshot).compactMap { try? CustomerSnapshot.decode($0).name }
            return MergesPage.Row(merge: CustomerMergePublic(merge, now: now), keptName: names[merge.intoID], removedNames: removed)
        }
    }

    private static func describe(_ problem: Problem) -> String {
        let fields = (problem.errors ?? []).map { "\($0.field) \($0.message)" }
        return fields.isEmpty ? problem.detail : fields.joined(separator: "; ")
    }
}
