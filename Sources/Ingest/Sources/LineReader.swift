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
    /// Bytes left to read in a byte range; nil reads to the end.
    private var remaining: Int?

    /// Opens `path`, or standard input for `-`.
    /// - Throws: ``IngestError`` naming the path when it cannot be opened.
    public init(path: String) throws {
        descriptor = path == "-" ? STDIN_FILENO : open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw IngestError(.source, "cannot open '\(path)': \(String(cString: strerror(errno))); check the path")
        }
        closeWhenDone = path != "-"
    }

    /// Opens `path` to read the lines of `bytes` only (a range from ``parts(of:count:)``).
    public convenience init(path: String, bytes: Range<Int>) throws {
        try self.init(path: path)
        guard path != "-", lseek(descriptor, off_t(bytes.lowerBound), SEEK_SET) >= 0 else {
            throw IngestError(.source, "cannot seek in '\(path)'; give a regular file")
        }
        remaining = bytes.count
    }

    /// Splits the regular file at `path` into up to `count` byte ranges that start and end on
    /// line boundaries, for readers on several threads; nil for standard input or a file that
    /// cannot be examined (read it whole instead).
    public static func parts(of path: String, count: Int) -> [Range<Int>]? {
        guard path != "-", count > 0 else { return nil }
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { return nil }
        let size = Int(status.st_size)
        var bounds = [0]
        var probe = [UInt8](repeating: 0, count: 1 << 16)
        for part in 1..<count {
            var offset = max(size * part / count, bounds.last!)
            // Move to just past the next newline.
            search: while offset < size {
                let read = probe.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
                guard read > 0 else { return nil }
                for index in 0..<read where probe[index] == UInt8(ascii: "\n") {
                    offset += index + 1
                    break search
                }
                offset += read
            }
            bounds.append(min(offset, size))
        }
        bounds.append(size)
        return zip(bounds, bounds.dropFirst()).map { $0..<$1 }.filter { !$0.isEmpty }
    }

    deinit { if closeWhenDone { close(descriptor) } }

    /// Calls `body` with the next line's bytes (valid only inside `body`); `nil` at the end.
    public func readLine<Result>(_ body: (UnsafeRawBufferPointer) throws -> Result) throws -> Result? {
        while true {
            if let newline = nextNewline() {
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

    /// The index of the next `\n` at or after `consumed` (memchr: vectorised, unlike a generic search).
    private func nextNewline() -> Int? {
        buffer.withUnsafeBytes { bytes in
            guard consumed < bytes.count,
                let found = memchr(bytes.baseAddress! + consumed, Int32(UInt8(ascii: "\n")), bytes.count - consumed)
            else { return nil }
            return bytes.baseAddress!.distance(to: UnsafeRawPointer(found))
        }
    }

    private func fill() throws {
        buffer.removeSubrange(0..<consumed)
        consumed = 0
        let chunk = 1 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let wanted = min(chunk, remaining ?? chunk)
        var count = 0
        repeat {
            count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress! + old, wanted) }
        } while count < 0 && errno == EINTR
        guard count >= 0 else {
            buffer.removeLast(chunk)
            throw IngestError(.source, "reading the input failed: \(String(cString: strerror(errno)))")
        }
        buffer.removeLast(chunk - count)
        if let left = remaining { remaining = left - count }
        if count == 0 { atEOF = true }
    }
}
