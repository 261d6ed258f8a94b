extension Organization {
    /// The `unique_name_key` a customer named `nameKey` holds: the key itself while the organization wants unique
    /// names (a unique index then enforces them), else nil.
    func uniqueNameKey(for nameKey: String) -> String? {
        uniqueCustomerNames ? nameKey : nil
    }
}
