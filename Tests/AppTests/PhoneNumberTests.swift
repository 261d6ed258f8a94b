@testable import App
import Foundation
import Testing

@Suite struct PhoneNumberTests {
    struct Vector: Decodable, Sendable, CustomTestStringConvertible {
        let input: String
        let region: String
        let e164: String?
        var testDescription: String { "\(input) in \(region)" }
    }

    static let vectors: [Vector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures/phone_vectors.json")
        return (try? JSONDecoder().decode([Vector].self, from: Data(contentsOf: url))) ?? []
    }()

    @Test func everyVectorFromLibphonenumberAgrees() {
        #expect(Self.vectors.count > 800)
        var disagreements: [String] = []
        for vector in Self.vectors {
            let got = try? PhoneNumber.normalize(vector.input, defaultRegion: vector.region).get()
            if got != vector.e164 { disagreements.append("\(vector.input) [\(vector.region)]: \(got ?? "invalid") ≠ \(vector.e164 ?? "invalid")") }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(Self.vectors.count): \(disagreements.prefix(25))")
    }

    @Test(arguments: [
        ("(415) 555-2671", "US", "+14155552671"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("00 44 20 7946 0958", "DE", "+442079460958"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("14155552671", "US", "+14155552671"),
        ("030 901820", "DE", "+4930901820"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("098765 43210", "IN", "+919876543210"),
        ("(11) 96123-4567", "BR", "+5511961234567"),
        ("03-1234-5678", "JP", "+81312345678"),
    ])
    func writtenAsPeopleWriteThem(input: String, region: String, e164: String) throws {
        #expect(try PhoneNumber.normalize(input, defaultRegion: region).get() == e164)
    }

    @Test func refusalsSayWhy() {
        #expect(PhoneNumber.normalize("", defaultRegion: "US") == .failure(.empty))
        #expect(PhoneNumber.normalize("abc", defaultRegion: "US") == .failure(.notANumber))
        #expect(PhoneNumber.normalize("+999 123456", defaultRegion: "US") == .failure(.invalidCountryCode))
        #expect(PhoneNumber.normalize("555", defaultRegion: "US") == .failure(.tooShort))
        #expect(PhoneNumber.normalize("+1 415 555 2671 999 999", defaultRegion: "US") == .failure(.tooLong))
    }
}
