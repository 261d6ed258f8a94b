@testable import App
import Foundation
import Testing

/// The timeline's `{"fields":[…]}` written by hand is byte for byte what the encoder writes, and anything else is
/// left to the encoder.
@Suite struct TimelineDetailsTests {
    @Test func fieldListsAreWrittenAsTheEncoderWritesThem() throws {
        for fields in [[], ["name"], ["name", "email", "phone", "first_name", "custom_fields", "tags"]] {
            let details: [String: JSONValue] = ["fields": .array(fields.map(JSONValue.string))]
            let encoded = String(decoding: try JSONEncoder.api.encode(JSONValue.object(details)), as: UTF8.self)
            #expect(try CustomerTimeline.detailsJSON(details) == encoded)
        }
        let other: [String: JSONValue] = ["from": "active", "to": "blocked"]
        #expect(try CustomerTimeline.detailsJSON(other) == #"{"from":"active","to":"blocked"}"#)
        let unusual: [String: JSONValue] = ["fields": ["a\"b", "ü/x"]]
        #expect(try CustomerTimeline.detailsJSON(unusual)
            == String(decoding: try JSONEncoder.api.encode(JSONValue.object(unusual)), as: UTF8.self))
    }
}
