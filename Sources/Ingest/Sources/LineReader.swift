#if canImport(Glibc)
    import Glibc
#endif

/// Splits a file or standard input into lines (without their `\n` or `\r\n`), reading
/// 1 MiB at a time, so a file of any size needs constant memory.
///
/// Not thread-safe: use it from one thread or serial queue at a time.
public final class LineReader {
    private let descriptor: Int32
    private let closeWhenDone: Bool
    private var buffer: [UInt8] = []
    private var consumed = 0
    private var atEOF = false

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``IngestError`` naming the path when it cannot be opened.
    public init(path: String) throws {
        descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw IngestError(.source, "cannot open '\(path)': \(String(cString: strerror(errno))); check the path")
        }
        closeWhenDone = path != "-"
    }

    deinit { if closeWhenDone { close(descriptor) } }

    /// Calls `body` with the next line's bytes (valid only inside `body`); `nil` at the end.
    public func readLine<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result? {
        while true {
            if let newline = buffer[consumed...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > consumed, buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                defer { consumed = newline + 1 }
                return try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[consumed..<end])) }
            }
            if atEOF {
                guard consumed < buffer.count else { return nil }
                defer { consumed = buffer.count }
                return try buffer.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[consumed...])) }
            }
            try fill()
        }
    }

    private func fill() throws {
        buffer.removeSubrange(0..<consumed)
        consumed = 0
        let chunk = 1 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        var count = 0
        repeat {
            count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + old, chunk) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            buffer.removeLast(chunk)
            throw IngestError(.source, "reading the input failed: \(String(cString: strerror(errno)))")
        }
        buffer.removeLast(chunk - count)
        if count == 0 { atEOF = true }
    }
}
