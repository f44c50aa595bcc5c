import Foundation

/// The container of a model artifact: the magic `MQMODEL1`, then named sections of raw
/// little-endian arrays, each `tag (4 bytes) · element size (UInt32) · count (UInt64) · bytes`,
/// padded to 8 bytes. Reading copies each array out in one `memcpy`: there is nothing to parse.
struct ArtifactWriter {
    static let magic = Array("MQMODEL1".utf8)
    private(set) var data = Data(magic)

    /// Appends an array section.
    mutating func write<Element: BitwiseCopyable>(_ tag: String, _ values: [Element]) {
        precondition(tag.utf8.count == 4)
        data.append(contentsOf: Array(tag.utf8))
        append(UInt32(MemoryLayout<Element>.stride))
        append(UInt64(values.count))
        values.withUnsafeBytes { data.append(contentsOf: $0) }
        data.append(contentsOf: [UInt8](repeating: 0, count: (8 - data.count % 8) % 8))
    }

    /// Appends strings as two sections: `tag` holds UTF-8 bytes, `tag` with its last letter
    /// replaced by `#` holds the end offset of each string.
    mutating func write(_ tag: String, strings: [String]) {
        var bytes: [UInt8] = []
        var ends: [UInt64] = []
        for string in strings {
            bytes += string.utf8
            ends.append(UInt64(bytes.count))
        }
        write(tag, bytes)
        write(String(tag.dropLast()) + "#", ends)
    }

    private mutating func append<Value: FixedWidthInteger>(_ value: Value) {
        withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
    }
}

/// Reads what ``ArtifactWriter`` wrote, checking every size against the data.
struct ArtifactReader {
    private let data: Data
    private var sections: [String: (elementSize: Int, count: Int, offset: Int)] = [:]

    init(_ data: Data) throws(RecommenderError) {
        self.data = data
        guard data.count >= 8, Array(data.prefix(8)) == ArtifactWriter.magic else {
            throw RecommenderError(.artifact, "not a Marquee model artifact (no MQMODEL1 header)")
        }
        var offset = 8
        while offset < data.count {
            guard offset + 16 <= data.count else { throw RecommenderError(.artifact, "artifact truncated in a header") }
            let tag = String(decoding: data[data.startIndex + offset..<data.startIndex + offset + 4], as: UTF8.self)
            let size = Int(Self.integer(UInt32.self, data, at: offset + 4))
            let count = Int(Self.integer(UInt64.self, data, at: offset + 8))
            let length = size.multipliedReportingOverflow(by: count)
            guard !length.overflow, offset + 16 + length.partialValue <= data.count else {
                throw RecommenderError(.artifact, "artifact truncated in section \(tag)")
            }
            sections[tag] = (size, count, offset + 16)
            offset += 16 + length.partialValue
            offset += (8 - offset % 8) % 8
        }
    }

    /// The array in section `tag`.
    func array<Element: BitwiseCopyable>(_ tag: String, of: Element.Type = Element.self) throws(RecommenderError)
        -> [Element]
    {
        guard let section = sections[tag] else { throw RecommenderError(.artifact, "artifact has no section \(tag)") }
        guard section.elementSize == MemoryLayout<Element>.stride else {
            throw RecommenderError(.artifact, "artifact section \(tag) has \(section.elementSize)-byte elements")
        }
        return [Element](unsafeUninitializedCapacity: section.count) { buffer, initialized in
            data.withUnsafeBytes { raw in
                let source = raw.baseAddress!.advanced(by: section.offset)
                UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(
                    from: source, byteCount: section.count * section.elementSize)
            }
            initialized = section.count
        }
    }

    /// The strings written by ``ArtifactWriter/write(_:strings:)``.
    func strings(_ tag: String) throws(RecommenderError) -> [String] {
        let bytes: [UInt8] = try array(tag)
        let ends: [UInt64] = try array(String(tag.dropLast()) + "#")
        var strings: [String] = []
        strings.reserveCapacity(ends.count)
        var start = 0
        for end in ends.map(Int.init) {
            guard end >= start, end <= bytes.count else {
                throw RecommenderError(.artifact, "artifact strings \(tag) corrupt")
            }
            strings.append(String(decoding: bytes[start..<end], as: UTF8.self))
            start = end
        }
        return strings
    }

    private static func integer<Value: FixedWidthInteger>(_: Value.Type, _ data: Data, at offset: Int) -> Value {
        var value = Value.zero
        withUnsafeMutableBytes(of: &value) { target in
            target.copyBytes(from: data[data.startIndex + offset..<data.startIndex + offset + MemoryLayout<Value>.size])
        }
        return Value(littleEndian: value)
    }
}
