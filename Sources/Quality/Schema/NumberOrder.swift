/// Exact ordering of JSON numbers, mixing `Int64` and `Double` without losing precision
/// (comparing `Double(9007199254740993)` would round the integer).
enum NumberOrder {
    /// -1, 0 or 1 as `lhs` is below, equal to or above `rhs`; both must be numbers.
    static func compare(_ lhs: JSONValue, _ rhs: JSONValue) -> Int {
        switch (lhs, rhs) {
        case (.integer(let a), .integer(let b)): a < b ? -1 : (a == b ? 0 : 1)
        case (.number(let a), .number(let b)): a < b ? -1 : (a == b ? 0 : 1)
        case (.integer(let a), .number(let b)): compare(a, b)
        case (.number(let a), .integer(let b)): -compare(b, a)
        default: 0
        }
    }

    /// Compares an integer with a double exactly.
    static func compare(_ integer: Int64, _ double: Double) -> Int {
        // 2^63 is exactly representable; every Int64 is below it and at or above -2^63.
        let twoTo63 = 9_223_372_036_854_775_808.0
        if double >= twoTo63 { return -1 }
        if double < -twoTo63 { return 1 }
        let floor = double.rounded(.down)
        let floorInteger = Int64(floor)  // exact: floor is integral and within Int64's range
        if integer < floorInteger { return -1 }
        if integer > floorInteger { return 1 }
        return double > floor ? -1 : 0
    }
}
