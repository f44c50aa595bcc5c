import Catalog
import Testing

/// Lines of a JSON-lines dump: movies and users mixed, rejects keyed by id or line number.
@Suite struct MetadataDumpTests {
    static func entry(_ text: String, line: Int = 3) -> CatalogEntry {
        MetadataDump.entry(Array(text.utf8), lineNumber: line)
    }

    @Test func movieAndUserLinesAreTellApartByTheirFields() {
        #expect(
            Self.entry(#"{"id":"heat+1995","title":"Heat"}"#)
                == .movie(MovieRecord(movieID: "heat+1995", title: "Heat")))
        #expect(Self.entry(#"{"user_id":1,"age":34}"#) == .user(UserRecord(userID: 1, age: 34)))
    }

    @Test func rejectsAreKeyedByTheirIdWhenOneIsReadable() {
        let text = #"{"id":"heat+1995","runtime":"long"}"#
        #expect(
            Self.entry(text)
                == .reject(
                    CatalogReject(
                        kind: .movie, key: "heat+1995", raw: Array(text.utf8),
                        error: CatalogError(.wrongType, #"runtime is "long", not a whole number"#))))
        guard case .reject(let user) = Self.entry(#"{"user_id":"12","gender":"Q"}"#) else {
            Issue.record("not a reject")
            return
        }
        #expect(user.kind == .user && user.key == "12" && user.error.code == .outOfRange)
    }

    @Test func rejectsWithoutAReadableIdAreKeyedByLine() {
        let cases: [(String, CatalogReject.Kind, CatalogError.Code)] = [
            (#"{"message":"movie not found"}"#, .movie, .notFound),
            (#"{"message":"user not found"}"#, .user, .notFound),
            (#"{"user_id": 7, "age": "#, .user, .malformedJSON),
            (#"{"id": "heat+1995", "#, .movie, .malformedJSON),
            ("[]", .movie, .notAnObject),
            (#"{"title":"Heat"}"#, .movie, .missingField),
        ]
        for (text, kind, code) in cases {
            guard case .reject(let reject) = Self.entry(text, line: 41) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(reject.kind == kind && reject.key == "line:41" && reject.error.code == code, "\(text)")
            #expect(reject.raw == Array(text.utf8))
        }
    }
}
