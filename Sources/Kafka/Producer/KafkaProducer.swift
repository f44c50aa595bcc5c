import CRdKafka
import Synchronization

/// Publishes messages to one topic, with delivery confirmed by ``flush(timeout:)``.
///
/// Safe to share between tasks: librdkafka's produce is thread-safe, and the delivery
/// counters sit behind a mutex.
public final class KafkaProducer: Sendable {
    private let handle: RdKafkaHandle
    // Created once in init and destroyed in deinit; rd_kafka_produce on it is thread-safe.
    private nonisolated(unsafe) let topic: OpaquePointer
    private let deliveries: DeliveryCounter

    /// Properties Marquee sets before the user's `-X` overrides, tuned for publishing logs in
    /// bulk: large local queues so a fast producer blocks rarely, large batches (up to 100 ms
    /// of lines) so brokers and consumers move few, big message sets, and idempotence so
    /// retries never duplicate a line. A latency-sensitive producer lowers `linger.ms`.
    public static let defaultProperties: [String: String] = [
        "queue.buffering.max.messages": "1000000",
        "queue.buffering.max.kbytes": "1048576",
        "linger.ms": "100",
        "batch.num.messages": "100000",
        "batch.size": "8388608",
        "enable.idempotence": "true",
    ]

    /// Connects a producer for `configuration.topic`.
    public init(configuration: KafkaConfiguration) throws {
        let counter = DeliveryCounter()
        deliveries = counter
        handle = try RdKafkaHandle(
            type: RD_KAFKA_PRODUCER, properties: configuration.clientProperties(over: Self.defaultProperties),
            callbackTarget: counter
        ) { conf in
            rd_kafka_conf_set_dr_msg_cb(conf, deliveryCallback)
        }
        guard let topic = rd_kafka_topic_new(handle.pointer, configuration.topic, nil) else {
            throw KafkaError(.produce, "could not open topic '\(configuration.topic)'")
        }
        self.topic = topic
    }

    deinit { rd_kafka_topic_destroy(topic) }

    /// Queues one message; `key` picks the partition (same key, same partition, in order).
    /// Waits while the local queue is full.
    public func send(_ value: UnsafeRawBufferPointer, key: UnsafeRawBufferPointer) throws {
        while true {
            let status = rd_kafka_produce(
                topic, RD_KAFKA_PARTITION_UA, RD_KAFKA_MSG_F_COPY,
                UnsafeMutableRawPointer(mutating: value.baseAddress), value.count,
                key.baseAddress, key.count, nil)
            if status == 0 { return }
            let error = rd_kafka_last_error()
            guard error == RD_KAFKA_RESP_ERR__QUEUE_FULL else {
                throw KafkaError(.produce, "rd_kafka_produce: \(String(cString: rd_kafka_err2str(error)))")
            }
            rd_kafka_poll(handle.pointer, 10)  // serves delivery reports, freeing queue space
        }
    }

    /// Serves delivery reports without waiting.
    public func poll() { rd_kafka_poll(handle.pointer, 0) }

    /// Waits until every queued message is delivered or failed.
    /// - Returns: the number of messages delivered since the producer was created.
    /// - Throws: ``KafkaError`` when messages remain after `timeout` or any delivery failed.
    @discardableResult
    public func flush(timeout: Duration = .seconds(60)) throws -> Int {
        let milliseconds = Int32(clamping: timeout.components.seconds * 1000)
        if rd_kafka_flush(handle.pointer, milliseconds) != RD_KAFKA_RESP_ERR_NO_ERROR {
            throw KafkaError(
                .produce,
                "\(rd_kafka_outq_len(handle.pointer)) messages still undelivered after \(timeout); "
                    + "check that the brokers are reachable (--brokers)")
        }
        let (delivered, failed, lastError) = deliveries.snapshot()
        if failed > 0 {
            throw KafkaError(
                .produce, "\(failed) messages were not delivered (last error: \(lastError)); check the brokers")
        }
        return delivered
    }
}

/// Delivery outcomes, written by the delivery callback (on the thread that polls or flushes).
final class DeliveryCounter: Sendable {
    private let state = Mutex((delivered: 0, failed: 0, lastError: ""))

    func record(_ error: rd_kafka_resp_err_t) {
        state.withLock { state in
            if error == RD_KAFKA_RESP_ERR_NO_ERROR {
                state.delivered += 1
            } else {
                state.failed += 1
                state.lastError = String(cString: rd_kafka_err2str(error))
            }
        }
    }

    func snapshot() -> (Int, Int, String) { state.withLock { ($0.delivered, $0.failed, $0.lastError) } }
}

private let deliveryCallback:
    @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, opaque in
        guard let message, let opaque else { return }
        Unmanaged<DeliveryCounter>.fromOpaque(opaque).takeUnretainedValue().record(message.pointee.err)
    }
