/// Passwords: at least 10 characters; at most 72 bytes, the most Bcrypt reads.
public enum PasswordPolicy {
    public static let minimumLength = 10
    public static let maximumBytes = 72

    public static func problem(with password: String) -> String? {
        if password.count < minimumLength { return "must be at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "must be at most \(maximumBytes) bytes" }
        return nil
    }
}
