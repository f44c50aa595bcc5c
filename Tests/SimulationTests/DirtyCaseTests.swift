import MovieLog
import Simulation
import Testing

/// Every dirty case of MOVIELOG.md appears and is rejected for the right reason.
@Suite struct DirtyCaseTests {
    /// The rules a line of each case may break, written from MOVIELOG.md and the parser's
    /// documented decisions, not from the generator.
    static func allowedCodes(_ dirty: DirtyCase) -> Set<MovieLogError.Code> {
        switch dirty {
        case .negativeUserID, .nonNumericUserID: [.userID]
        case .ratingOutOfRange, .nonNumericRating: [.rating]
        case .movieIDWithSpace, .movieIDUpperCase, .movieIDControlCharacter, .movieIDTooLong: [.movieID]
        case .unparseableTimestamp: [.timestamp]
        case .futureTimestamp: [.futureTimestamp]
        case .truncatedLine: [.truncated]
        case .emptyMessage: [.empty]
        case .nonUTF8: [.encoding]
        case .resultNotList: [.result]
        case .nonNumericStatus: [.status]
        case .sqlInjection: [.movieID, .userID, .rating, .result, .server]
        case .shellMetacharacters: [.movieID, .userID, .rating, .result, .server, .minute]
        case .unknownKind: [.unknownKind]
        case .badMinute: [.minute]
        case .badRequest: [.request]
        case .badServer: [.server]
        case .badLatency: [.latency]
        }
    }

    /// A check on the bytes of a line of each case, so a label cannot hide a different defect.
    static func looksRight(_ dirty: DirtyCase, _ line: [UInt8]) -> Bool {
        let text = String(decoding: line, as: UTF8.self)
        let fields = text.split(separator: ",", maxSplits: 2, omittingEmptySubsequences: false)
        let movie = movieField(text)
        switch dirty {
        case .negativeUserID: return fields.count > 1 && fields[1].hasPrefix("-")
        case .movieIDWithSpace: return movie.contains(" ")
        case .movieIDUpperCase: return movie.contains { $0.isUppercase }
        case .movieIDControlCharacter: return movie.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }
        case .movieIDTooLong: return movie.utf8.count > 256
        case .futureTimestamp: return text.prefix(4) >= "2099"
        case .emptyMessage: return line.isEmpty
        case .nonUTF8: return String(validating: line, as: UTF8.self) == nil
        case .sqlInjection: return text.contains("DROP TABLE interactions")
        case .shellMetacharacters: return text.contains { "$|`;>".contains($0) }
        default: return true
        }
    }

    /// The movie id of a watch or rate line (empty for other lines).
    static func movieField(_ text: String) -> Substring {
        for (prefix, end) in [("GET /data/m/", "/" as Character), ("GET /rate/", "=")] {
            if let range = text.firstRange(of: prefix) {
                return text[range.upperBound...].prefix { $0 != end }
            }
        }
        return ""
    }

    @Test func everyCaseAppearsAndIsRejectedWithItsRule() {
        let (lines, truth, _) = GeneratedLine.generate(.init(seed: 21, lines: 20_000, dirtyRate: 0.05))
        var seen: [DirtyCase: Int] = [:]
        for line in lines {
            guard case .dirty(let dirty) = line.intent else { continue }
            seen[dirty, default: 0] += 1
            guard case .quarantined(let code) = line.outcome else {
                Issue.record("\(dirty) line was stored: \(String(decoding: line.bytes, as: UTF8.self))")
                continue
            }
            #expect(Self.allowedCodes(dirty).contains(code), "\(dirty) line rejected as \(code)")
            #expect(Self.looksRight(dirty, line.bytes), "\(dirty): \(String(decoding: line.bytes, as: UTF8.self))")
            #expect(!line.bytes.contains(UInt8(ascii: "\n")) && !line.bytes.contains(UInt8(ascii: "\r")))
        }
        for dirty in DirtyCase.allCases {
            #expect(seen[dirty, default: 0] >= 1, "\(dirty) never appeared")
        }
        let everyRule = Set(MovieLogError.Code.all.map(\.name))
        #expect(Set(truth.quarantinedByRule.keys) == everyRule)
    }

    /// Each case shows each of its variants; the quarantine reasons are spread, not one per case.
    @Test func sqlAndShellTextReachSeveralFields() {
        let (lines, _, _) = GeneratedLine.generate(.init(seed: 22, lines: 20_000, dirtyRate: 0.1))
        var codes: [DirtyCase: Set<MovieLogError.Code>] = [:]
        for line in lines {
            guard case .dirty(let dirty) = line.intent, case .quarantined(let code) = line.outcome else { continue }
            codes[dirty, default: []].insert(code)
        }
        #expect(codes[.sqlInjection] == Self.allowedCodes(.sqlInjection))
        #expect(codes[.shellMetacharacters] == Self.allowedCodes(.shellMetacharacters))
    }
}
