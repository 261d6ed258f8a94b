import Vapor

/// Which methods each registered path answers, so an unsupported method gets 405 with `Allow`.
/// Built once in init and only read afterwards, hence unchecked.
struct MethodIndex: @unchecked Sendable {
    private let router: TrieRouter<[HTTPMethod]>

    init(routes: [Route]) {
        var methodsByPath: [String: (path: [PathComponent], methods: [HTTPMethod])] = [:]
        for route in routes {
            let key = route.path.map(\.description).joined(separator: "/")
            methodsByPath[key, default: (route.path, [])].methods.append(route.method)
        }
        let router = TrieRouter<[HTTPMethod]>()
        // The root path (the dashboard's `/`) cannot go into a trie; it has no other method to report anyway.
        for (_, entry) in methodsByPath where !entry.path.isEmpty {
            var methods = entry.methods
            if methods.contains(.GET), !methods.contains(.HEAD) { methods.append(.HEAD) }
            router.register(methods.sorted { $0.rawValue < $1.rawValue }, at: entry.path)
        }
        self.router = router
    }

    func allowedMethods(forPath path: String) -> [HTTPMethod] {
        var parameters = Parameters()
        let components = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        return router.route(path: components, parameters: &parameters) ?? []
    }
}
