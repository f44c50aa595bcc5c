import Kafka
import MovieLog
import Store

/// Aggregates parsed lines into one ``IngestCommit``: pure, no I/O.
///
/// Per user×movie it keeps the distinct minutes, first/last watch and the latest rating
/// (by the instant as stored, to the microsecond; on a tie the later line wins, which is
/// also how the database merges batches, so any split into batches gives the same rows).
/// A recommendation line repeated byte for byte inside the batch is quarantined as
/// `duplicate`; copies of lines stored by earlier batches are caught by the store.
public struct IngestBatchBuilder: Sendable {
    private struct Key: Hashable {
        var userID: Int64
        var movieID: MovieID
    }

    public let groupID: String
    public let source: String
    /// Judges lines; its clock is the ingest clock (for far-future times).
    public var parser: MovieLogParser
    /// Shares one string per distinct movie id across batches (bounded).
    private var movieIDs = MovieIDTable()
    private var startOffsets: [Int32: Int64] = [:]
    private var nextOffsets: [Int32: Int64] = [:]
    private var interactions: [Key: IngestCommit.InteractionUpdate] = [:]
    private var recommendations: [IngestCommit.Recommendation] = []
    private var recommendationLines: Set<String> = []
    private var quarantined: [IngestCommit.Quarantined] = []
    /// What this batch holds so far.
    public private(set) var counters = IngestCounters()

    public init(groupID: String, source: String, parser: MovieLogParser) {
        self.groupID = groupID
        self.source = source
        self.parser = parser
    }

    /// Lines added since the last ``makeCommit()`` or ``reset(startOffsets:)``.
    public var lineCount: Int { counters.lines }

    /// Drops everything added and starts the partitions from `startOffsets` (the stored
    /// positions of a new assignment).
    public mutating func reset(startOffsets: [Int32: Int64]) {
        self.startOffsets = startOffsets
        clear()
    }

    /// Adds one message; `offset` must grow within a partition.
    public mutating func add(partition: Int32, offset: Int64, bytes: UnsafeRawBufferPointer) {
        nextOffsets[partition] = offset + 1
        counters.lines += 1
        switch parser.parse(bytes, table: &movieIDs) {
        case .success(.watch(let watch)):
            counters.watches += 1
            update(watch.userID, watch.movieID) { row in
                row.minutes.append(watch.minute)
                row.watchMicroseconds.append(watch.time.microsecondsSinceEpoch)
                if row.firstWatch.map({ watch.time < $0 }) ?? true { row.firstWatch = watch.time }
                if row.lastWatch.map({ watch.time > $0 }) ?? true { row.lastWatch = watch.time }
            }
        case .success(.rating(let rating)):
            counters.ratings += 1
            update(rating.userID, rating.movieID) { row in
                let micros = rating.time.microsecondsSinceEpoch
                if row.ratedAt.map({ micros >= $0.microsecondsSinceEpoch }) ?? true {
                    row.rating = rating.rating
                    row.ratedAt = rating.time
                }
            }
        case .success(.recommendation(let event)):
            let raw = String(decoding: bytes, as: UTF8.self)
            guard recommendationLines.insert(raw).inserted else {
                quarantine(partition, offset, bytes, .duplicateRecommendation)
                return
            }
            counters.recommendations += 1
            recommendations.append(.init(raw: raw, event: event, partition: partition, offset: offset))
        case .failure(let error):
            quarantine(partition, offset, bytes, error)
        }
    }

    /// The batch as a commit; the builder is then empty and continues from the new offsets.
    public mutating func makeCommit() -> IngestCommit {
        var commit = IngestCommit(groupID: groupID, source: source)
        commit.ranges = nextOffsets.keys.sorted().map { partition in
            IngestCommit.PartitionRange(
                partition: partition, expectedStart: startOffsets[partition] ?? 0, next: nextOffsets[partition]!)
        }
        commit.interactions = interactions.values.map { row in
            var row = row
            row.minutes = Array(Set(row.minutes)).sorted()
            row.watchMicroseconds = Array(Set(row.watchMicroseconds)).sorted()
            return row
        }
        commit.recommendations = recommendations
        commit.quarantined = quarantined
        startOffsets.merge(nextOffsets) { $1 }
        clear()
        return commit
    }

    private mutating func clear() {
        nextOffsets.removeAll(keepingCapacity: true)
        interactions.removeAll(keepingCapacity: true)
        recommendations.removeAll(keepingCapacity: true)
        recommendationLines.removeAll(keepingCapacity: true)
        quarantined.removeAll(keepingCapacity: true)
        counters = IngestCounters()
    }

    private mutating func update(
        _ userID: Int64, _ movieID: MovieID, _ change: (inout IngestCommit.InteractionUpdate) -> Void
    ) {
        let key = Key(userID: userID, movieID: movieID)
        change(&interactions[key, default: IngestCommit.InteractionUpdate(userID: userID, movieID: movieID)])
    }

    private mutating func quarantine(
        _ partition: Int32, _ offset: Int64, _ bytes: UnsafeRawBufferPointer, _ error: MovieLogError
    ) {
        counters.quarantinedByRule[error.code.name, default: 0] += 1
        quarantined.append(
            .init(
                partition: partition, offset: offset, raw: Array(bytes), rule: error.code.name, reason: error.message))
    }
}
