/// The rules that tie a job's pickup and delivery together: the parcel must be picked up before it is delivered, and
/// a job ends when all its tasks have ended.
public enum LinkedTaskRules {
    /// Why a delivery of a job may not be completed while its pickup is in `pickupStatus`; nil when it may.
    public static func deliveryCompletionRefusal(pickupStatus: String) -> String? {
        switch pickupStatus {
        case "completed": nil
        case "cancelled": "its pickup was cancelled, so the parcel was never picked up"
        default: "its pickup is \(pickupStatus); complete the pickup first"
        }
    }

    /// The status a job takes when all of its tasks have ended: completed when one of them was, else cancelled; nil
    /// while one of them is still open (or it has none).
    public static func jobOutcome(childStatuses: [String]) -> String? {
        guard !childStatuses.isEmpty, childStatuses.allSatisfy({ $0 == "completed" || $0 == "cancelled" }) else { return nil }
        return childStatuses.contains("completed") ? "completed" : "cancelled"
    }
}
