import Foundation

extension Customer {
    /// Whether the record holds nothing in this fillable column: NULL, or no tags or custom fields (see
    /// `CustomerIntake.fill`).
    func lacks(_ column: String) -> Bool {
        guard let entry = CustomerColumns.byName[column], entry.fillable else { preconditionFailure("no fillable column \(column)") }
        return entry.isEmpty(self)
    }
}
