/// The movie-log id Marquee gives a MovieLens item, shared by the catalog and by the
/// test support that turns MovieLens ratings into a movie-log stream, so the two join.
public enum MovieLensID {
    /// A slug in the log's style: the lower-case ASCII words of the title joined by `+`, then
    /// those of the year (`0000` when it has none) and `ml<item id>`, since a few titles repeat:
    /// `Toy Story`, `1995`, `1` → `toy+story+1995+ml1`. Letters outside a–z (`é`) split words; a
    /// malformed year is slugged like the title (item 1412's year `V` gives `…+1995+v+ml1412`).
    public static func slug(title: String, year: String, itemID: String) -> String {
        let yearWords = words(year)
        return (words(title) + (yearWords.isEmpty ? ["0000"] : yearWords) + ["ml" + itemID]).joined(separator: "+")
    }

    private static func words(_ text: String) -> [String] {
        var words: [String] = []
        var word = ""
        for scalar in text.lowercased().unicodeScalars {
            if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        return words
    }
}
