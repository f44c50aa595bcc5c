import CRdKafka
import Logging

/// The consumer's view of its assignment, touched only on the consumer's serial queue: by
/// `poll`/`rewind` and by the rebalance callback that librdkafka runs inside poll.
///
/// `@unchecked Sendable`: every access happens on ``KafkaConsumer``'s one serial queue.
final class ConsumerState: @unchecked Sendable {
    let topic: String
    let startOffsets: KafkaConsumer.StartOffsets
    let logger: Logger
    private(set) var generation: UInt64 = 0
    private var assignment: [Int32: Int64] = [:]
    private var positions: [Int32: Int64] = [:]
    private var partitionsAtEnd: Set<Int32> = []
    private var failure: KafkaError?
    private var batch = KafkaMessageBatch()

    init(topic: String, startOffsets: @escaping KafkaConsumer.StartOffsets, logger: Logger) {
        self.topic = topic
        self.startOffsets = startOffsets
        self.logger = logger
    }

    func poll(_ handle: OpaquePointer, maxMessages: Int, timeout: Duration) throws -> KafkaMessageBatch {
        batch.removeMessages()
        var generationAtStart = generation
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while batch.entries.count < maxMessages {
            let waitMilliseconds: Int32
            if batch.entries.isEmpty {
                let left = clock.now.duration(to: deadline)
                waitMilliseconds =
                    left <= .zero
                    ? 0
                    : Int32(
                        clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            } else {
                waitMilliseconds = 0
            }
            let message = rd_kafka_consumer_poll(handle, waitMilliseconds)
            if let failure { self.failure = nil; throw failure }
            if generation != generationAtStart {
                batch.removeMessages()  // taken under the old assignment: re-read from stored offsets
                generationAtStart = generation
            }
            guard let message else {
                if waitMilliseconds == 0 { break }
                continue
            }
            defer { rd_kafka_message_destroy(message) }
            take(message.pointee)
        }
        batch.generation = generation
        batch.startOffsets = assignment
        batch.partitionsAtEnd = partitionsAtEnd
        batch.lag = lag(handle)
        return batch
    }

    private func take(_ message: rd_kafka_message_t) {
        let partition = message.partition
        switch message.err {
        case RD_KAFKA_RESP_ERR_NO_ERROR:
            guard assignment[partition] != nil else { return }
            if let expected = positions[partition], message.offset > expected {
                batch.skippedOffsets += message.offset - expected
                logger.warning(
                    "offsets skipped: messages were gone before they were read",
                    metadata: [
                        "kafka.partition": "\(partition)", "kafka.from": "\(expected)", "kafka.to": "\(message.offset)",
                        "hint": "retention deleted them (or compaction); ingest sooner or keep the topic longer",
                    ])
            }
            let bytes = UnsafeRawBufferPointer(start: message.payload, count: message.payload == nil ? 0 : message.len)
            batch.append(partition: partition, offset: message.offset, bytes: bytes)
            positions[partition] = message.offset + 1
            partitionsAtEnd.remove(partition)
        case RD_KAFKA_RESP_ERR__PARTITION_EOF:
            partitionsAtEnd.insert(partition)
        case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
            logger.warning(
                "topic not found; waiting for it",
                metadata: [
                    "kafka.topic": "\(topic)", "hint": "create the topic or check --topic and --brokers",
                ])
        default:
            let text = String(cString: rd_kafka_err2str(message.err))
            logger.warning(
                "kafka consumer event", metadata: ["kafka.error": "\(text)", "kafka.partition": "\(partition)"])
        }
    }

    private func lag(_ handle: OpaquePointer) -> Int64 {
        var total: Int64 = 0
        for (partition, position) in positions {
            var low: Int64 = -1
            var high: Int64 = -1
            guard rd_kafka_get_watermark_offsets(handle, topic, partition, &low, &high) == RD_KAFKA_RESP_ERR_NO_ERROR,
                high >= 0
            else { continue }
            total += max(0, high - position)
        }
        return total
    }

    /// Seeks every assigned partition back to its stored offset.
    func rewind(_ handle: OpaquePointer) throws {
        let partitions = assignment.keys.sorted()
        guard !partitions.isEmpty else { return }
        let offsets = try readOffsets(partitions)
        let list = makeList(offsets)
        defer { rd_kafka_topic_partition_list_destroy(list) }
        // A seek waits for the partition's fetcher; on a starved machine that can take longer
        // than one timeout, so it is tried again before the rewind gives up.
        for attempt in 1...3 {
            guard let error = rd_kafka_seek_partitions(handle, list, 10_000) else { break }
            defer { rd_kafka_error_destroy(error) }
            let reason = String(cString: rd_kafka_error_string(error))
            guard attempt < 3, rd_kafka_error_code(error) == RD_KAFKA_RESP_ERR__TIMED_OUT else {
                throw KafkaError(.consume, "rd_kafka_seek_partitions: \(reason)")
            }
            logger.warning("seek timed out, trying again", metadata: ["kafka.attempt": "\(attempt)"])
        }
        start(offsets, replacing: true)
    }

    /// Runs inside `rd_kafka_consumer_poll` when the group assigns or revokes partitions.
    func rebalance(
        _ handle: OpaquePointer, _ error: rd_kafka_resp_err_t,
        _ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?
    ) {
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        let partitions = list.map { list in (0..<Int(list.pointee.cnt)).map { list.pointee.elems[$0].partition } } ?? []
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            do {
                // Partitions we keep lose their uncommitted work with the new generation, so
                // they restart from the store too (cooperative protocol only; eager revokes all).
                let kept = cooperative ? assignment.keys.filter { !partitions.contains($0) } : []
                let offsets = try readOffsets(partitions + kept)
                for index in 0..<Int(list!.pointee.cnt) {
                    list!.pointee.elems[index].offset = offsets[list!.pointee.elems[index].partition] ?? 0
                }
                if cooperative {
                    if let failure = rd_kafka_incremental_assign(handle, list) { rd_kafka_error_destroy(failure) }
                    if !kept.isEmpty {
                        let keptList = makeList(offsets.filter { kept.contains($0.key) })
                        defer { rd_kafka_topic_partition_list_destroy(keptList) }
                        if let failure = rd_kafka_seek_partitions(handle, keptList, 10_000) {
                            rd_kafka_error_destroy(failure)
                        }
                    }
                } else {
                    _ = rd_kafka_assign(handle, list)
                }
                start(offsets, replacing: !cooperative)
                logger.info(
                    "partitions assigned",
                    metadata: [
                        "kafka.topic": "\(topic)", "kafka.offsets": "\(offsets.sorted { $0.key < $1.key })",
                    ])
            } catch {
                failure = error as? KafkaError ?? KafkaError(.rebalance, "\(error)")
                if cooperative {
                    _ = rd_kafka_incremental_unassign(handle, list)
                } else {
                    _ = rd_kafka_assign(handle, nil)
                }
            }
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            if cooperative {
                if let failure = rd_kafka_incremental_unassign(handle, list) { rd_kafka_error_destroy(failure) }
                for partition in partitions { assignment[partition] = nil; positions[partition] = nil }
            } else {
                _ = rd_kafka_assign(handle, nil)
                assignment = [:]
                positions = [:]
            }
            generation += 1
            logger.info(
                "partitions revoked", metadata: ["kafka.topic": "\(topic)", "kafka.partitions": "\(partitions)"])
        default:
            _ = rd_kafka_assign(handle, nil)
            assignment = [:]
            positions = [:]
            generation += 1
            logger.warning("rebalance failed", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2str(error)))"])
        }
    }

    private func readOffsets(_ partitions: [Int32]) throws -> [Int32: Int64] {
        let stored: [Int32: Int64]
        do {
            stored = try startOffsets(topic, partitions)
        } catch {
            throw KafkaError(.offsets, "could not read start offsets for \(topic) \(partitions): \(error)")
        }
        return Dictionary(uniqueKeysWithValues: partitions.map { ($0, stored[$0] ?? 0) })
    }

    private func start(_ offsets: [Int32: Int64], replacing: Bool) {
        if replacing { assignment = [:]; positions = [:] }
        for (partition, offset) in offsets {
            assignment[partition] = offset
            positions[partition] = offset
            partitionsAtEnd.remove(partition)
        }
        generation += 1
    }

    private func makeList(_ offsets: [Int32: Int64]) -> UnsafeMutablePointer<rd_kafka_topic_partition_list_t> {
        let list = rd_kafka_topic_partition_list_new(Int32(offsets.count))!
        for (partition, offset) in offsets.sorted(by: { $0.key < $1.key }) {
            rd_kafka_topic_partition_list_add(list, topic, partition).pointee.offset = offset
        }
        return list
    }
}
