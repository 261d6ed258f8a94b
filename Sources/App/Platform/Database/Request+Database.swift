import Fluent
import Vapor

extension Request {
    /// The primary database for this request, its handle made once. Fluent's `db` makes a new handle on every use
    /// (`Databases.database`, the driver's `makeDatabase`, the logger's copy): a create used it four times, 3.7 % of
    /// its CPU on PostgreSQL in `perf`. The handle carries only what is the same for the whole request (its event
    /// loop, its logger), so one serves every use.
    var database: any Database {
        if let database = storage[RequestDatabaseKey.self] { return database }
        let database = db
        storage[RequestDatabaseKey.self] = database
        return database
    }
}

private enum RequestDatabaseKey: StorageKey {
    typealias Value = any Database
}
