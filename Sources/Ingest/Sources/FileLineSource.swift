import Dispatch
import Kafka
import Store

/// Lines of a file or of standard input, for backfills: partition 0, offset = line number
/// (from 1). The store keeps the next line number under group `file` and the source name, so
/// an interrupted backfill of the same source resumes where its last commit ended.
public final class FileLineSource: LineSource {
    public let groupID = "file"
    public let sourceName: String
    private let store: Store
    private let queue = DispatchQueue(label: "marquee.ingest.file")
    private let reader: NumberedLines

    /// Opens `path` (`-` for standard input) as source `sourceName`.
    /// - Throws: ``IngestError`` when the file cannot be opened.
    public init(path: String, sourceName: String, store: Store) throws {
        self.sourceName = sourceName
        self.store = store
        reader = NumberedLines(reader: try LineReader(path: path))
    }

    public func read(maxLines: Int, timeout: Duration) async throws -> SourceRead {
        if reader.storedOffset == nil {
            reader.storedOffset =
                try await store.startOffsets(groupID: groupID, topic: sourceName, partitions: [0])[0] ?? 0
        }
        let stored = reader.storedOffset!
        return try await withCheckedThrowingContinuation { continuation in
            queue.async { [reader] in
                continuation.resume(
                    with: Result {
                        var messages = KafkaMessageBatch(generation: 1, startOffsets: [0: stored])
                        let finished = try reader.read(maxLines: maxLines, into: &messages)
                        if finished { messages.partitionsAtEnd = [0] }
                        return SourceRead(messages: messages, isFinished: finished)
                    })
            }
        }
    }

    public func rewind() async throws {
        throw IngestError(
            .conflict, "another process advanced file source '\(sourceName)'; run one backfill per source")
    }

    public func close() async {}
}

/// A file's lines numbered from 1, skipping those before the stored position; used only on
/// ``FileLineSource``'s serial queue.
///
/// `@unchecked Sendable`: all mutable state is touched only on that one queue (and
/// `storedOffset` is set once, before the first read is queued).
final class NumberedLines: @unchecked Sendable {
    private let reader: LineReader
    private var lineNumber: Int64 = 0
    /// The next line number stored for this source (0 when none): earlier lines are skipped.
    var storedOffset: Int64?

    init(reader: LineReader) { self.reader = reader }

    /// Appends up to `maxLines` lines; returns whether the input ended.
    func read(maxLines: Int, into messages: inout KafkaMessageBatch) throws -> Bool {
        var taken = 0
        while taken < maxLines {
            lineNumber += 1
            let number = lineNumber
            let skip = number < storedOffset!
            let more: Void? = try reader.readLine { line in
                if !skip { messages.append(partition: 0, offset: number, bytes: line) }
            }
            guard more != nil else { return true }
            if !skip { taken += 1 }
        }
        return false
    }
}
