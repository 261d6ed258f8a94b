import Foundation

/// The values a template's variables take for one notification. Absent values are left out of the context, so that
/// `{{#task.eta}}…{{/task.eta}}` renders only when there is an ETA.
struct TemplateValues: Sendable {
    var customerName: String?
    var customerFirstName: String?
    var orderNumber: String?
    var taskStatus: String?
    var taskETA: String?
    var trackingURL: String?
    var organizationName: String?
    var unsubscribeURL: String?

    var context: [String: Any] {
        var context: [String: Any] = [:]
        func group(_ pairs: [(String, String?)]) -> [String: Any]? {
            let present = pairs.compactMap { key, value in value.map { (key, $0 as Any) } }
            return present.isEmpty ? nil : Dictionary(uniqueKeysWithValues: present)
        }
        // A customer without a first name is greeted by name.
        context["customer"] = group([("name", customerName), ("first_name", customerFirstName ?? customerName)])
        context["order"] = group([("number", orderNumber)])
        context["task"] = group([("status", taskStatus), ("eta", taskETA)])
        context["organization"] = group([("name", organizationName)])
        if let trackingURL { context["tracking_url"] = trackingURL }
        if let unsubscribeURL { context["unsubscribe_url"] = unsubscribeURL }
        return context
    }

    /// What a preview shows: every variable with a plausible value.
    static func sample(organizationName: String, publicURL: String) -> TemplateValues {
        TemplateValues(customerName: "Ada Lovelace", customerFirstName: "Ada", orderNumber: "A1B2C3D4E5", taskStatus: "in_transit",
                       taskETA: "14:30", trackingURL: publicURL + "/track/sample", organizationName: organizationName,
                       unsubscribeURL: publicURL + "/unsubscribe/sample")
    }
}
