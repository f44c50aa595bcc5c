import Foundation
import Testing

@testable import Ingest

/// `LineReader.parts(of:count:)` and byte-range readers: the parts cover the file, start on
/// line boundaries, and their lines are the file's lines, each once, in order.
@Suite struct LineReaderPartsTests {
    static func lines(of reader: LineReader) throws -> [String] {
        var lines: [String] = []
        while let line = try reader.readLine({ String(decoding: $0, as: UTF8.self) }) { lines.append(line) }
        return lines
    }

    @Test(arguments: [1, 2, 3, 7])
    func partsCoverTheFileOnLineBoundaries(count: Int) throws {
        let expected = (0..<5000).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parts-\(UUID()).log").path
        try (expected.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let parts = try #require(LineReader.parts(of: path, count: count))
        #expect(parts.count == count)
        #expect(parts.first?.lowerBound == 0)
        #expect(parts.last?.upperBound == (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int))
        for (left, right) in zip(parts, parts.dropFirst()) { #expect(left.upperBound == right.lowerBound) }
        var read: [String] = []
        for part in parts { read += try Self.lines(of: LineReader(path: path, bytes: part)) }
        #expect(read == expected)
    }

    @Test func aFileWithoutATrailingNewlineAndOneLongLine() throws {
        let expected = ["short", String(repeating: "y", count: 200_000), "last without newline"]
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("parts-\(UUID()).log").path
        try expected.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let parts = try #require(LineReader.parts(of: path, count: 4))
        var read: [String] = []
        for part in parts { read += try Self.lines(of: LineReader(path: path, bytes: part)) }
        #expect(read == expected)
        #expect(LineReader.parts(of: "-", count: 2) == nil)
    }
}
