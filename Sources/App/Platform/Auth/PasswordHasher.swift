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

extension PasswordHasher {
    /// Bcrypt's own threads, for the life of the process: a hash at cost 12 holds a thread for a quarter of a second,
    /// and on the application's pool (one thread per core) that thread would be missing from every database query.
    static let threads: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: max(2, System.coreCount))
        pool.start()
        return pool
    }()
}

extension Application {
    private struct DecoyHashKey: StorageKey { typealias Value = String }

    var passwordHasher: PasswordHasher {
        PasswordHasher(cost: config.bcryptCost, threadPool: PasswordHasher.threads, decoyHash: storage[DecoyHashKey.self] ?? "")
    }

    /// Called once from configure(_:).
    func prepareDecoyHash() throws {
        storage[DecoyHashKey.self] = try Bcrypt.hash(UUID().uuidString, cost: config.bcryptCost)
    }
}

extension Request {
    var passwordHasher: PasswordHasher { application.passwordHasher }
}
