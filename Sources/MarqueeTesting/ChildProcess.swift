import Foundation
import Synchronization

/// A `marquee` subprocess, for tests that crash, kill or scale out real processes. Its
/// standard output and error are collected as they arrive, so a chatty child never blocks.
public final class ChildProcess: Sendable {
    private let process = Process()
    private let output = OutputBuffer()
    private let errorOutput = OutputBuffer()

    /// The built `marquee` executable beside the test bundle (SwiftPM builds it because
    /// the test target depends on it).
    public static var marqueePath: String {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("marquee").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return ".build/debug/marquee"
    }

    /// Starts `marquee arguments…` with `environment` added to this process's environment and,
    /// when `standardInput` names a file, that file as its standard input.
    public init(_ arguments: [String], environment: [String: String] = [:], standardInput: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: Self.marqueePath)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let outputPipe = Pipe()
        let errorPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorPipe
        if let standardInput {
            guard let input = FileHandle(forReadingAtPath: standardInput) else {
                throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: standardInput])
            }
            process.standardInput = input
        }
        try process.run()
        output.drain(outputPipe.fileHandleForReading)
        errorOutput.drain(errorPipe.fileHandleForReading)
    }

    public var isRunning: Bool { process.isRunning }

    /// The child's process id (to read its `/proc` entries).
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Standard output so far.
    public var outputText: String { output.text }
    /// Standard error so far.
    public var errorText: String { errorOutput.text }

    /// Sends `signal` (e.g. `SIGKILL`, `SIGTERM`).
    public func send(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for exit and returns the exit status (or the signal number for a killed child).
    /// Returns once the child's output has reached end of file too, so ``outputText`` and
    /// ``errorText`` are complete (the last bytes can arrive after the exit on a busy machine);
    /// a pipe still open 10 s after the exit (a grandchild holding it) is not waited for.
    @discardableResult
    public func wait() async -> Int32 {
        while process.isRunning { try? await Task.sleep(for: .milliseconds(20)) }
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while !(output.isComplete && errorOutput.isComplete), ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// Waits until standard output or error contains `text`, or `timeout` passes.
    public func waitFor(_ text: String, timeout: Duration = .seconds(60)) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if outputText.contains(text) || errorText.contains(text) { return true }
            if !process.isRunning { return outputText.contains(text) || errorText.contains(text) }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return false
    }
}

/// Bytes a child process wrote to a pipe so far, appended by a reader thread of their own.
public final class OutputBuffer: Sendable {
    private let state = Mutex((data: Data(), complete: false))

    public init() {}

    /// Reads `handle` to end of file on a thread of its own (blocking reads), then marks the
    /// output complete. Not `readabilityHandler`: its libdispatch read sources, set up and torn
    /// down for many pipes at once, crash the process on Linux (a use-after-free in libdispatch's
    /// epoll bookkeeping, swift-corelibs-foundation#3276); it crashed a CI run of the test suite.
    public func drain(_ handle: FileHandle) {
        let reader = Thread { [self] in
            while true {
                let chunk = handle.availableData
                let done = state.withLock {
                    if chunk.isEmpty { $0.complete = true } else { $0.data.append(chunk) }
                    return chunk.isEmpty
                }
                if done { return }
            }
        }
        reader.name = "child-output"
        reader.start()
    }

    /// Whether the pipe reached end of file.
    var isComplete: Bool { state.withLock { $0.complete } }

    public var text: String { state.withLock { String(decoding: $0.data, as: UTF8.self) } }
}
