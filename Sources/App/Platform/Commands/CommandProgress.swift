import ConsoleKit
import Foundation
import NIOConcurrencyHelpers

/// A progress bar on a terminal, and plain percentage lines when output goes to a file or pipe.
final class CommandProgress: Sendable {
    private let console: any Console
    private let total: Int
    private let title: String
    private let lastShown = NIOLockedValueBox<(percent: Int, at: Date)>((-1, .distantPast))

    init(console: any Console, total: Int, title: String) {
        self.console = console
        self.total = max(total, 1)
        self.title = title
    }

    func update(_ done: Int) {
        let percent = done * 100 / total
        let shouldShow = lastShown.withLockedValue { last in
            guard percent != last.percent, Date().timeIntervalSince(last.at) > 0.2 || percent == 100 else { return false }
            last = (percent, Date())
            return true
        }
        guard shouldShow else { return }
        let width = 30
        let filled = width * done / total
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        let line = "[\(bar)] \(percent)% \(done)/\(total) \(title)"
        if isatty(STDOUT_FILENO) == 1 {
            console.output("\r\(line)".consoleText(), newLine: false)
        } else {
            console.output(line.consoleText())
        }
    }

    func finish() {
        update(total)
        if isatty(STDOUT_FILENO) == 1 { console.output("") }
    }
}
