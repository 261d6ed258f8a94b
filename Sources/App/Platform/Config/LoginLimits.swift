import Foundation

/// How many failed sign-ins are allowed within the window, per email and per client address.
public struct LoginLimits: Sendable {
    public var perEmail = 5
    public var perAddress = 20
    public var window: TimeInterval = 15 * 60

    public init(perEmail: Int = 5, perAddress: Int = 20, window: TimeInterval = 15 * 60) {
        self.perEmail = perEmail
        self.perAddress = perAddress
        self.window = window
    }
}
