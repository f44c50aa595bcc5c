import Hummingbird

/// The `<uid>` of `/recommend/<uid>` as MOVIELOG.md defines user ids: 1 to 10 decimal digits, > 0.
enum UserIDText {
    /// The user id, or a 400 whose one-line reason says what was wrong.
    static func parse(_ text: Substring) throws(HTTPError) -> Int64 {
        let shown = text.count > 24 ? text.prefix(24) + "…" : text
        if text.first == "-", text.count > 1, text.dropFirst().allSatisfy(\.isASCIIDigitCharacter) {
            throw HTTPError(.badRequest, message: "user id \(shown) is negative; user ids are positive integers")
        }
        guard !text.isEmpty, text.allSatisfy(\.isASCIIDigitCharacter) else {
            throw HTTPError(
                .badRequest, message: "user id \"\(shown)\" is not a number; ask for /recommend/<digits>, e.g. /recommend/42")
        }
        guard text.count <= 10 else {
            throw HTTPError(.badRequest, message: "user id \(shown) has \(text.count) digits; user ids have at most 10")
        }
        guard let value = Int64(text), value > 0 else {
            throw HTTPError(.badRequest, message: "user id 0 is not positive; user ids are integers from 1")
        }
        return value
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isWholeNumber }
}
