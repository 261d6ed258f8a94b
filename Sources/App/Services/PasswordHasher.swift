import Vapor

/// Bcrypt hashing off the event loop, at the configured cost.
struct PasswordHasher {
    let cost: Int
    let threadPool: NIOThreadPool

    /// A hash of a random secret at the same cost, verified against when the email is unknown,
    /// so that an unknown email takes as long as a wrong password.
    let decoyHash: String

    func hash(_ password: String) async throws -> String {
        let cost = self.cost
        return try await threadPool.runIfActive { try Bcrypt.hash(password, cost: cost) }
    }

    func verify(_ password: String, hash: String) async throws -> Bool {
        try await threadPool.runIfActive { (try? Bcrypt.verify(password, created: hash)) ?? false }
    }
}

extension Application {
    private struct DecoyHashKey: StorageKey { typealias Value = String }

    var passwordHasher: PasswordHasher {
        PasswordHasher(cost: config.bcryptCost, threadPool: threadPool, decoyHash: storage[DecoyHashKey.self] ?? "")
    }

    /// Called once from configure(_:).
    func prepareDecoyHash() throws {
        storage[DecoyHashKey.self] = try Bcrypt.hash(UUID().uuidString, cost: config.bcryptCost)
    }
}

extension Request {
    var passwordHasher: PasswordHasher { application.passwordHasher }
}
