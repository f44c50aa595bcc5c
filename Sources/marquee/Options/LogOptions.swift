import ArgumentParser
import Logging

/// `--log-level`; bootstraps swift-log to standard error once per process.
struct LogOptions: ParsableArguments {
    @Option(help: "trace, debug, info, notice, warning, error or critical")
    var logLevel: Logger.Level = .info

    /// The process's logger, after bootstrapping the logging system.
    func makeLogger() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "marquee")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
