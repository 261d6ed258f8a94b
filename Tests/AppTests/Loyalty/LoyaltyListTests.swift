@testable import App
import Foundation
import Testing
import Vapor

/// Points in the customer list (sort and filter, every page by cursor) and in the spreadsheet export.
@Suite struct LoyaltyListTests {
    @Test func theListSortsAndFiltersByPointsAndTheExportHasThem() async throws {
        try await withTestApp { app in
            let world = try await LoyaltyWorld.make(app)
            let token = world.org.adminToken
            var expected: [(String, Int)] = []
            for n in 0..<25 {
                let id = try await world.customer(["name": "Pointy \(n)"])
                let points = (n * 7) % 11 * 10
                if points > 0 { try await world.adjust(id, points) }
                expected.append(("Pointy \(n)", points))
            }
            var seen: [Int] = []
            var cursor: String?
            repeat {
                let page = try await app.send(.GET, "/api/v1/customers?sort=-loyalty_points&per_page=7" + (cursor.map { "&cursor=\($0)" } ?? ""),
                                              token: token)
                #expect(page.status == .ok, "\(page.text)")
                seen += page.data.compactMap { $0["loyalty_points"] as? Int }
                cursor = page["next_cursor"] as? String
            } while cursor != nil
            #expect(seen == expected.map(\.1).sorted(by: >))
            let rich = try await app.send(.GET, "/api/v1/customers?loyalty_min=70&sort=loyalty_points&per_page=100", token: token)
            #expect(rich.data.map { $0["loyalty_points"] as? Int ?? -1 } == expected.map(\.1).filter { $0 >= 70 }.sorted())
            #expect(rich["total"] as? Int == expected.filter { $0.1 >= 70 }.count)
            #expect(try await app.send(.GET, "/api/v1/customers?loyalty_min=-1", token: token).status == .unprocessableEntity)
            let csv = try await app.send(.GET, "/api/v1/customers/export.csv?sort=-loyalty_points&loyalty_min=100", token: token)
            #expect(csv.status == .ok)
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first?.contains("loyalty_points") == true, "\(lines.first ?? "")")
            #expect(lines.count == 1 + expected.filter { $0.1 >= 100 }.count, "\(csv.text) \(csv.headers)")
        }
    }
}
