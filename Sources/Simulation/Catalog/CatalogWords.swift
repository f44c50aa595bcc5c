/// The words movie titles are made of. Some carry the slug's punctuation
/// (`- . _ ' : & !`) so the catalog exercises every character the slug rule allows.
enum CatalogWords {
    /// Ids of well-known shape, always in the catalog (while it has room): punctuation,
    /// a leading number, and one id of exactly 256 bytes, the longest the slug rule allows.
    static let fixed: [String] = [
        "the+matrix+1999", "office+space+1999", "memento+2000", "spider-man+3+2007",
        "ocean's+eleven+2001", "mr.+smith+goes+to+washington+1939", "star+wars:+episode+iv+-+a+new+hope+1977",
        "fast+&+furious+2009", "airplane!+1980", "wall_e+2008", "12+monkeys+1995",
        "the+lord+of+the+rings+the+fellowship+of+the+ring+2001", longest,
    ]

    /// Ordinary title words.
    static let words: [String] = [
        "quiet", "river", "night", "city", "house", "storm", "last", "summer", "dark", "light",
        "road", "home", "girl", "boy", "king", "queen", "war", "love", "dead", "secret",
        "island", "fire", "ice", "blood", "dream", "ghost", "heart", "moon", "sun", "star",
        "shadow", "game", "blue", "red", "silent", "wild", "little", "big", "golden", "lost",
        "empire", "machine", "garden", "winter", "ocean", "train", "hunter", "black", "white", "song",
        "mountain", "lady", "man", "story", "time", "world", "one", "two", "day", "escape",
    ]

    /// Title words with slug punctuation, mixed into generated titles now and then.
    static let decorated: [String] = [
        "mr.", "dr.", "st.", "don't", "ocean's", "x-men", "part:", "vol.", "&", "go!", "up!",
        "wall_e", "re-animator", "o'brien", "c'mon", "it's", "jack_and_jill", "8-bit", "hey!",
    ]

    /// A 256-byte id: words joined by `+`, its last word padded with `o` to the exact length,
    /// then the year.
    static let longest: String = {
        var slug = "the+neverending+story"
        let tail = "+1984"
        let filler = ["of", "a", "title", "that", "goes", "on", "and"]
        var index = 0
        while slug.utf8.count + 1 + filler[index % filler.count].utf8.count + tail.utf8.count <= 256 {
            slug += "+" + filler[index % filler.count]
            index += 1
        }
        slug += String(repeating: "o", count: 256 - slug.utf8.count - tail.utf8.count)
        return slug + tail
    }()
}
