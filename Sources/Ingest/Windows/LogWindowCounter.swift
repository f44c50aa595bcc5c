import Foundation
import Kafka
import Logging
import MovieLog
import Store

/// Counts a window of the raw log (a range of Kafka offsets, or of a file's line numbers) the
/// way the drift monitor needs it: user × movie pairs with a watch or rating line in the
/// window, per movie and per user, and every rating line by stars. Lines the parser rejects
/// are counted apart (ingest quarantines them; drift ignores them).
public struct LogWindowCounter: Sendable {
    /// The counts, the offsets actually covered per partition, and the lines skipped as invalid.
    public struct Outcome: Sendable {
        public var counts: InteractionWindowCounts
        /// Partition → (first offset read, offset after the last one read).
        public var covered: [Int32: (from: Int64, to: Int64)]
        public var invalidLines: Int
    }

    private var pairs: Set<Pair> = []
    private var counts = InteractionWindowCounts()
    private var covered: [Int32: (from: Int64, to: Int64)] = [:]
    private var invalid = 0
    private var table = MovieIDTable()
    private let parser = MovieLogParser(now: Timestamp(seconds: Int64(Date().timeIntervalSince1970)))

    public init() {}

    /// Lines `from ..< to` of a file (numbered from 1, like `ingest --file`), `to` nil = the end.
    public static func file(path: String, from: Int64, to: Int64?) throws -> Outcome {
        let reader = try LineReader(path: path)
        var counter = LogWindowCounter()
        var number: Int64 = 0
        while true {
            number += 1
            if let to, number >= to { break }
            let current = number
            let more: Void? = try reader.readLine { line in
                if current >= from { counter.add(partition: 0, offset: current, line) }
            }
            if more == nil { break }
        }
        return counter.outcome
    }

    /// Offsets `from ..< to` of every partition of the configured topic (`to` nil = up to the
    /// end), read by a throwaway consumer group that stores no position anywhere.
    public static func kafka(
        _ configuration: KafkaConfiguration, from: Int64, to: Int64?, timeout: Duration = .seconds(60),
        logger: Logger
    ) async throws -> Outcome {
        var configuration = configuration
        configuration.groupID = "marquee-drift-\(UUID().uuidString.prefix(8))"
        let consumer = try KafkaConsumer(
            configuration: configuration,
            startOffsets: { _, partitions in Dictionary(uniqueKeysWithValues: partitions.map { ($0, from) }) },
            logger: logger)
        do {
            let outcome = try await read(consumer, from: from, to: to, timeout: timeout)
            await consumer.close()
            guard let outcome else {
                throw IngestError(
                    .source,
                    "reading offsets \(from)..<\(to.map(String.init) ?? "end") of \(configuration.topic) "
                        + "took over \(timeout); check --brokers and --topic")
            }
            return outcome
        } catch {
            await consumer.close()
            throw error
        }
    }

    /// Polls until every assigned partition reached `to` or its end; nil after `timeout`.
    private static func read(_ consumer: KafkaConsumer, from: Int64, to: Int64?, timeout: Duration) async throws
        -> Outcome?
    {
        var counter = LogWindowCounter()
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let batch = try await consumer.poll(maxMessages: 100_000, timeout: .milliseconds(200))
            for entry in batch.entries where to.map({ entry.offset < $0 }) ?? true {
                batch.withBytes(of: entry) { counter.add(partition: entry.partition, offset: entry.offset, $0) }
            }
            let partitions = batch.startOffsets.keys
            let done = partitions.allSatisfy { partition in
                batch.partitionsAtEnd.contains(partition)
                    || to.map { (counter.covered[partition]?.to ?? from) >= $0 } ?? false
            }
            if !partitions.isEmpty, done { return counter.outcome }
        }
        return nil
    }

    private mutating func add(partition: Int32, offset: Int64, _ line: UnsafeRawBufferPointer) {
        let range = covered[partition] ?? (offset, offset)
        covered[partition] = (min(range.from, offset), max(range.to, offset + 1))
        switch parser.parse(line, table: &table) {
        case .success(.watch(let watch)): addPair(watch.userID, watch.movieID.description)
        case .success(.rating(let rating)):
            addPair(rating.userID, rating.movieID.description)
            if (1...5).contains(rating.rating) { counts.ratings[Int(rating.rating) - 1] += 1 }
        case .success(.recommendation): break
        case .failure: invalid += 1
        }
    }

    private mutating func addPair(_ user: Int64, _ movie: String) {
        guard pairs.insert(Pair(user: user, movie: movie)).inserted else { return }
        counts.movies[movie, default: 0] += 1
        counts.users[user, default: 0] += 1
    }

    private var outcome: Outcome { Outcome(counts: counts, covered: covered, invalidLines: invalid) }

    private struct Pair: Hashable {
        var user: Int64
        var movie: String
    }
}
