@testable import App
@testable import ClienteleCore
import Foundation
import Testing

@Suite struct PhoneNumberTests {
    struct Vector: Decodable, Sendable {
        let input: String
        let region: String
        let e164: String?
    }

    /// Written by scripts/generate_phone_metadata.py with phonenumbers' own answers; read from the source tree
    /// so the test target needs no SwiftPM resources.
    static let vectors: [Vector] = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/phone_vectors.json")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return (try? JSONDecoder().decode([Vector].self, from: data)) ?? []
    }()

    @Test func agreesWithLibphonenumberOnEveryVector() {
        #expect(Self.vectors.count >= 300)
        #expect(Set(Self.vectors.map(\.region)).count >= 20)
        var disagreements: [String] = []
        for vector in Self.vectors {
            let got = try? PhoneNumber.normalize(vector.input, defaultRegion: vector.region).get()
            if got != vector.e164 {
                disagreements.append("\(vector.input) [\(vector.region)]: \(got ?? "invalid"), expected \(vector.e164 ?? "invalid")")
            }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(Self.vectors.count): \(disagreements.prefix(20))")
    }

    @Test(arguments: [
        ("(415) 555-2671", "US", "+14155552671"),
        ("020 7946 0958", "GB", "+442079460958"),
        ("+44 20 7946 0958", "US", "+442079460958"),
        ("00 44 20 7946 0958", "DE", "+442079460958"),
        ("011 44 20 7946 0958", "US", "+442079460958"),
        ("14155552671", "US", "+14155552671"),
        ("+44 (0)20 7946 0958", "FR", "+442079460958"),
        ("07781 123456", "GB", "+447781123456"),  // a Guernsey mobile, valid under +44
        ("8 (701) 123-45-67", "RU", "+77011234567"),  // Kazakhstan under +7
        ("(416) 555-0199", "us", "+14165550199"),  // Canada under +1, region in lower case
        ("030 901820", "DE", "+4930901820"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("098765 43210", "IN", "+919876543210"),
        ("(11) 96123-4567", "BR", "+5511961234567"),
        ("03-1234-5678", "JP", "+81312345678"),
        ("02 1234 5678", "IT", "+390212345678"),  // Italy keeps its leading zero
        ("011 15-2345-6789", "AR", "+5491123456789"),  // Argentina's mobile "15" rewritten to 9
        ("\u{FF0B}\u{FF14}\u{FF14} 20\u{00A0}7946\u{00A0}0958", "US", "+442079460958"),
    ])
    func readsNumbersAsPeopleWriteThem(input: String, region: String, e164: String) {
        #expect(PhoneNumber.normalize(input, defaultRegion: region) == .success(e164))
    }

    @Test(arguments: [
        ("", "US", PhoneNumberError.empty),
        ("   ", "US", .empty),
        ("abc", "US", .notANumber),
        ("1-800-FLOWERS", "US", .notANumber),
        ("(415) 555-2671 ext. 12", "US", .notANumber),
        ("+999 123456", "US", .invalidCountryCode),
        ("4155552671", "XX", .invalidCountryCode),
        ("555", "US", .tooShort),
        ("+44 1", "GB", .tooShort),
        ("+1 415 555 2671 999 999", "US", .tooLong),
        ("0999 999 9999", "GB", .invalidForRegion),
    ])
    func refusalsSayWhy(input: String, region: String, error: PhoneNumberError) {
        #expect(PhoneNumber.normalize(input, defaultRegion: region) == .failure(error))
        #expect(!error.message.isEmpty)
    }

    @Test func everyGeneratedPatternCompiles() {
        var regions = 0, broken: [String] = []
        for code in 1...999 {
            for region in PhoneMetadata.shared.regions(callingCode: code) {
                regions += 1
                let patterns = [region.general, region.intl, region.nppParsing, region.leadingDigits].compactMap { $0 }
                for pattern in patterns + region.types.map(\.pattern) where (try? NSRegularExpression(pattern: pattern)) == nil {
                    broken.append("+\(code): \(pattern)")
                }
            }
        }
        #expect(regions >= 240)
        #expect(broken.isEmpty)
    }

    @Test func isSafeToCallFromManyTasksAtOnce() async {
        let inputs = Self.vectors.prefix(200)
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    inputs.filter { (try? PhoneNumber.normalize($0.input, defaultRegion: $0.region).get()) != $0.e164 }.count
                }
            }
            return await group.reduce(0, +)
        }
        #expect(mismatches == 0)
    }
}
