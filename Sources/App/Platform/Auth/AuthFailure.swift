import Fluent
import Vapor

/// A failed sign-in, keyed by `email:<address>` or `ip:<client>`; kept in the database so that
/// every app instance throttles alike.
final class AuthFailure: Model, @unchecked Sendable {
    static let schema = "auth_failures"

    @ID(key: .id) var id: UUID?
    @Field(key: "throttle_key") var throttleKey: String
    @Field(key: "failed_at") var failedAt: Date

    init() {}

    init(throttleKey: String, failedAt: Date) {
        self.throttleKey = throttleKey
        self.failedAt = failedAt
    }
}
