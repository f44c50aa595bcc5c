/// The movies of one simulated world: valid slugs, each with a runtime, and a popularity
/// order (index 0 is the most watched).
struct Catalog {
    /// The slug of each movie, as bytes for writing lines.
    let slugs: [[UInt8]]
    /// The length of each movie in one-minute chunks, 70 to 200 (so minutes stay below 256).
    let runtimes: [Int]

    var count: Int { slugs.count }

    /// Builds `count` distinct movies: the ``CatalogWords/fixed`` ids first (as many as fit),
    /// then generated titles, shuffled so popularity does not follow the order of creation.
    init(count: Int, random: inout Xoshiro256StarStar) {
        precondition(count >= 1, "a catalog needs at least one movie")
        var names = Array(CatalogWords.fixed.prefix(count))
        var seen = Set(names)
        while names.count < count {
            var name = Self.title(random: &random)
            if seen.contains(name) {
                // Rare for small catalogs; a sequel number keeps big ones distinct.
                name = Self.title(random: &random, sequel: names.count)
            }
            guard seen.insert(name).inserted else { continue }
            names.append(name)
        }
        for index in stride(from: names.count - 1, to: 0, by: -1) {
            names.swapAt(index, random.below(index + 1))
        }
        slugs = names.map { Array($0.utf8) }
        runtimes = names.map { _ in random.number(in: 70...200) }
    }

    /// The slug of movie `index` as text.
    func name(_ index: Int) -> String { String(decoding: slugs[index], as: UTF8.self) }

    /// A movie drawn with a skew toward low indices (the product of two uniform draws), so a
    /// few movies are popular and most are rarely watched.
    func popular(random: inout Xoshiro256StarStar) -> Int {
        let first = random.below(count)
        let second = random.below(count)
        return first * second / count
    }

    /// A title of one to four words, sometimes led by "the", sometimes with a punctuated
    /// word, ending in a year from 1920 to 2024.
    private static func title(random: inout Xoshiro256StarStar, sequel: Int? = nil) -> String {
        var words: [String] = []
        if random.chance(0.3) { words.append("the") }
        for _ in 0..<random.number(in: 1...4) {
            words.append(
                random.chance(0.08)
                    ? random.element(of: CatalogWords.decorated) : random.element(of: CatalogWords.words))
        }
        if let sequel { words.append(String(sequel)) }
        words.append(String(random.number(in: 1920...2024)))
        return words.joined(separator: "+")
    }
}
