import MovieLog
import Testing

@Suite struct PartitionKeyTests {
    static func key(_ line: String) -> String {
        var line = line
        return line.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            return String(decoding: raw[PartitionKey.userIDRange(in: raw)], as: UTF8.self)
        }
    }

    @Test(arguments: [
        ("2025-10-27T22:03:48,39157,GET /data/m/the+matrix+1999/12.mpg", "39157"),
        ("2022-09-29T23:24:55,3,GET /rate/star+wars+1977=3", "3"),
        ("2025-10-27T22:03,-3,GET /rate/a=1", "-3"),
        ("no commas at all", ""),
        ("one,comma", ""),
        ("", ""),
    ])
    func theKeyIsTheUserIDField(line: String, key: String) {
        #expect(Self.key(line) == key)
    }
}
