import Foundation
import Prometheus

/// The process's own numbers, from Linux's `/proc/self` (left out where there is none): resident memory, CPU time,
/// open files and the start time — the standard `process_*` series a Prometheus dashboard expects.
enum ProcessMetrics {
    static let started = Date()

    static func collect(into registry: PrometheusCollectorRegistry) {
        registry.gauge("process_start_time_seconds", "When the process started, in seconds since the epoch")
            .set(started.timeIntervalSince1970)
        let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
        if let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8),
           let resident = statm.split(separator: " ").dropFirst().first.flatMap({ Double($0) }) {
            registry.gauge("process_resident_memory_bytes", "Resident memory size in bytes").set(resident * pageSize)
        }
        // /proc/self/stat: after the command name in parentheses, utime and stime are fields 14 and 15 (in clock ticks).
        if let stat = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
           let close = stat.lastIndex(of: ")") {
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            if fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) {
                let ticks = Double(sysconf(Int32(_SC_CLK_TCK)))
                registry.gauge("process_cpu_seconds_total", "User and system CPU time spent, in seconds")
                    .set((user + system) / ticks)
            }
        }
        if let descriptors = try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd") {
            registry.gauge("process_open_fds", "Open file descriptors").set(Double(descriptors.count))
        }
    }
}
