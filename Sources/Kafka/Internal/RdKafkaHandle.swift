import CRdKafka

#if canImport(Glibc)
    import Glibc
#endif

/// Owns one `rd_kafka_t` and destroys it last.
///
/// `@unchecked Sendable`: librdkafka documents `rd_kafka_t` as thread-safe for the calls we
/// make from several threads (produce, poll, flush, metadata); calls that are not (consumer
/// poll and assignment) are confined by ``KafkaConsumer`` to its one serial queue.
final class RdKafkaHandle: @unchecked Sendable {
    let pointer: OpaquePointer
    /// The object behind the conf's opaque pointer, kept alive until after `rd_kafka_destroy`
    /// (which may still run callbacks).
    private let callbackTarget: AnyObject?

    /// Creates a client of `type` from `properties` (applied in key order, so errors repeat
    /// alike); `configure` installs callbacks, which get `callbackTarget` as their opaque pointer.
    init(
        type: rd_kafka_type_t, properties: [String: String], callbackTarget: AnyObject? = nil,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws {
        self.callbackTarget = callbackTarget
        guard let conf = rd_kafka_conf_new() else { throw KafkaError(.client, "rd_kafka_conf_new failed") }
        var errorText = [CChar](repeating: 0, count: 512)
        for (key, value) in properties.sorted(by: { $0.key < $1.key }) {
            if rd_kafka_conf_set(conf, key, value, &errorText, errorText.count) != RD_KAFKA_CONF_OK {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(.configuration, "property \(key)=\(value): \(Self.text(errorText))")
            }
        }
        rd_kafka_conf_set_log_cb(conf, kafkaLogCallback)
        if let callbackTarget { rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(callbackTarget).toOpaque()) }
        configure(conf)
        guard let handle = rd_kafka_new(type, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)  // not consumed on failure
            throw KafkaError(.client, "could not create a Kafka client: \(Self.text(errorText))")
        }
        pointer = handle
    }

    deinit { rd_kafka_destroy(pointer) }

    static func text(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}

/// Turns a librdkafka status into ``KafkaError``, naming the call that failed.
func rdKafka(_ code: KafkaError.Code, _ function: String, _ status: rd_kafka_resp_err_t) throws {
    guard status != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
    throw KafkaError(code, "\(function): \(String(cString: rd_kafka_err2str(status)))")
}

/// librdkafka's log lines go to standard error as one line each, prefixed like ours, instead
/// of its default printer; they run on librdkafka's own threads, so this touches no state.
private let kafkaLogCallback:
    @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        _, level, facility, message in
        guard level <= 4, let facility, let message else { return }  // warnings and worse
        let line = "librdkafka level=\(level) facility=\(String(cString: facility)) \(String(cString: message))\n"
        var bytes = Array(line.utf8)
        _ = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress, $0.count) }
    }
