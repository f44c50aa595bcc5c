import MovieLog

/// Gives each distinct movie id a small number, so the join compares integers.
struct MovieNumbers: Sendable {
    private var numbers: [Substring: Int32] = [:]

    /// The number of `id`, assigned on first sight.
    mutating func number(of id: MovieID) -> Int32 { number(of: Substring(id.rawValue)) }

    /// Appends the numbers of `list`'s ids, in order, to `output`.
    mutating func appendNumbers(of list: MovieIDList, to output: inout [Int32]) {
        for id in list.joined.split(separator: ",", omittingEmptySubsequences: true) {
            output.append(number(of: id))
        }
    }

    private mutating func number(of slug: Substring) -> Int32 {
        if let number = numbers[slug] { return number }
        let number = Int32(numbers.count)
        numbers[slug] = number
        return number
    }
}
