import MovieLog
import Testing

@Suite struct MovieIDTests {
    @Test(arguments: [
        "the+lord+of+the+rings+the+fellowship+of+the+ring+2001", "spider-man+3+2007", "a", "0", "l'auberge+2002",
        "a.b_c:d&e!f+g-h", String(repeating: "x", count: MovieID.maximumLength),
    ])
    func slug(text: String) throws {
        let id = try #require(MovieID(text))
        #expect(id.rawValue == text)
        #expect(id.description == text)
    }

    @Test(arguments: [
        "", "the matrix", "The+Matrix", "a\u{0}b", "a\nb", "a\u{7F}", "café", "a/b", "a=b", "a,b", "a;b", "x');DROP",
        "$(rm)", "a\"b", "a\\b", "a%20b", String(repeating: "x", count: MovieID.maximumLength + 1),
    ])
    func notASlug(text: String) {
        #expect(MovieID(text) == nil)
    }

    @Test func everyAllowedByteAndNoOther() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789+-._':&!".unicodeScalars)
        for value in 0x01...0x7F {
            let scalar = Unicode.Scalar(UInt8(value))
            #expect(
                (MovieID("a" + String(scalar)) != nil) == allowed.contains(scalar), "byte 0x\(String(value, radix: 16))"
            )
        }
    }

    @Test func orderIsThatOfTheText() throws {
        let ids = try ["b+2000", "a+2001", "a+2000", "aa"].map { try #require(MovieID($0)) }
        #expect(ids.sorted().map(\.rawValue) == ["a+2000", "a+2001", "aa", "b+2000"])
    }
}
