/// The generator's only source of randomness: xoshiro256** (Blackman and Vigna), seeded
/// through SplitMix64.
///
/// Everything derived from it uses integer arithmetic or exact IEEE-754 operations, so a seed
/// gives the same numbers on every machine and every Swift version (the standard library's
/// `random(in:using:)` algorithms are not promised to stay the same, so they are not used).
struct Xoshiro256StarStar {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Seeds the four state words from `seed` with SplitMix64, as the authors recommend.
    init(seed: UInt64) {
        var state = seed
        func splitMix() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix()
        s1 = splitMix()
        s2 = splitMix()
        s3 = splitMix()
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let result = rotate(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = rotate(s3, 45)
        return result
    }

    /// A number in `0..<bound` (Lemire's multiply-shift; the bias, below 2^-40 for the bounds
    /// used here, does not matter for a test stream).
    mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "the bound must be positive")
        return Int(next().multipliedFullWidth(by: UInt64(bound)).high)
    }

    /// A number in `range`.
    mutating func number(in range: ClosedRange<Int>) -> Int {
        range.lowerBound + below(range.upperBound - range.lowerBound + 1)
    }

    /// `true` with probability `probability` (a 53-bit uniform compared exactly).
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    /// A uniform number in `[0, 1)` with 53 random bits; the conversion and the scaling by a
    /// power of two are exact.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// One element of a non-empty array.
    mutating func element<Element>(of elements: [Element]) -> Element {
        elements[below(elements.count)]
    }

    private func rotate(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}
