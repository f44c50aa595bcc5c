/// The distinct minute values seen for one user×movie pair: a 256-bit set (catalog runtimes
/// stay below 256 minutes).
struct MinuteSet {
    private var words: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)

    mutating func insert(_ minute: Int) {
        precondition((0..<256).contains(minute), "catalog minutes stay below 256")
        let bit = UInt64(1) << UInt64(minute % 64)
        switch minute / 64 {
        case 0: words.0 |= bit
        case 1: words.1 |= bit
        case 2: words.2 |= bit
        default: words.3 |= bit
        }
    }

    var count: Int {
        words.0.nonzeroBitCount + words.1.nonzeroBitCount + words.2.nonzeroBitCount + words.3.nonzeroBitCount
    }
}
