import Foundation

extension Customer {
    /// Whether the record holds nothing in this column: NULL, or no tags or custom fields (see `CustomerIntake.fill`).
    func lacks(_ column: String) -> Bool {
        switch column {
        case "first_name": return firstName == nil
        case "last_name": return lastName == nil
        case "company": return company == nil
        case "email": return email == nil
        case "phone": return phone == nil
        case "birthday": return birthday == nil
        case "timezone": return timezone == nil
        case "best_time_to_call": return bestTimeToCall == nil
        case "notes": return notes == nil
        case "external_id": return externalID == nil
        case "managed_by_id": return managedByID == nil
        case "tags": return tagsJSON == "[]"
        case "custom_fields": return customFieldsJSON == "{}"
        default: preconditionFailure("no fillable column \(column)")
        }
    }
}
