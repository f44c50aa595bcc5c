import Logging
import Synchronization

/// Keeps what a ``Logger`` made from it logs, for tests that check what an operator would read.
public final class RecordedLog: Sendable {
    /// One logged message with its level and metadata (values as text).
    public struct Entry: Sendable {
        public var level: Logger.Level
        public var message: String
        public var metadata: [String: String]
    }

    private let entries = Mutex<[Entry]>([])

    public init() {}

    /// A logger at `level` whose messages this log keeps.
    public func logger(level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: "marquee.test") { _ in Handler(log: self) }
        logger.logLevel = level
        return logger
    }

    /// Every message kept so far, oldest first.
    public var all: [Entry] { entries.withLock { $0 } }

    /// The messages kept so far that contain `text`.
    public func messages(containing text: String) -> [Entry] { all.filter { $0.message.contains(text) } }

    private struct Handler: LogHandler {
        let log: RecordedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            let entry = Entry(
                level: event.level, message: "\(event.message)", metadata: merged.mapValues { "\($0)" })
            log.entries.withLock { $0.append(entry) }
        }
    }
}
