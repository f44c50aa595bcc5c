import Foundation
import Kafka
import MovieLog
import Synchronization

/// Where a simulation writes its lines: a Kafka topic or a file. Safe to call from concurrent
/// tasks; one user's lines keep the order they were written in.
public protocol LineSink: Sendable {
    /// Writes one line (without its line ending).
    func write(_ line: [UInt8]) throws
    /// Delivers everything written so far (Kafka: waits for the broker's acknowledgements).
    func flush() throws
}

/// Lines to a Kafka topic, keyed by user id like `marquee produce`, so one user's lines stay in
/// one partition, in order.
public struct KafkaLineSink: LineSink {
    public let producer: KafkaProducer

    public init(producer: KafkaProducer) { self.producer = producer }

    public func write(_ line: [UInt8]) throws {
        try line.withUnsafeBytes { bytes in
            try producer.send(bytes, key: UnsafeRawBufferPointer(rebasing: bytes[PartitionKey.userIDRange(in: bytes)]))
        }
    }

    public func flush() throws { _ = try producer.flush() }
}

/// Lines appended to a file (or standard output), newline-terminated, buffered.
public final class FileLineSink: LineSink {
    private let state: Mutex<(handle: FileHandle, buffer: [UInt8])>
    private let closes: Bool

    /// Creates (truncates) `path`, or writes to standard output for `-`.
    public init(path: String) throws {
        if path == "-" {
            state = Mutex((FileHandle.standardOutput, []))
            closes = false
        } else {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw SimulationError("cannot create \(path); check that its folder exists and is writable")
            }
            state = Mutex((try FileHandle(forWritingTo: URL(fileURLWithPath: path)), []))
            closes = true
        }
    }

    public func write(_ line: [UInt8]) throws {
        try state.withLock { state in
            state.buffer.append(contentsOf: line)
            state.buffer.append(UInt8(ascii: "\n"))
            if state.buffer.count >= 1 << 20 {
                try state.handle.write(contentsOf: state.buffer)
                state.buffer.removeAll(keepingCapacity: true)
            }
        }
    }

    public func flush() throws {
        try state.withLock { state in
            try state.handle.write(contentsOf: state.buffer)
            state.buffer.removeAll(keepingCapacity: true)
        }
    }

    deinit {
        if closes { try? state.withLock { try $0.handle.close() } }
    }
}

/// A simulation could not run; the message says what to change.
public struct SimulationError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
