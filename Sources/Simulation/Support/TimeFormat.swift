/// How a line prints its time: minutes only, or seconds with a fraction of 0, 3, 6 or 9 digits.
///
/// A line's instant is what it prints, so a time is truncated to its format before it is
/// used anywhere (the truth, ordering checks).
enum TimeFormat {
    /// `2025-10-27T22:03`
    case minutes
    /// `2025-10-27T22:03:48`
    case seconds
    /// `2025-10-27T22:03:48.947`
    case milliseconds
    /// `2025-10-27T22:03:48.947788`
    case microseconds
    /// `2025-10-27T22:03:48.947788921`
    case nanoseconds

    /// A format drawn with the stream's mix: half microseconds (the real log's usual form),
    /// a fifth whole seconds, a tenth each of minutes only, milliseconds and nanoseconds.
    static func random(using random: inout Xoshiro256StarStar) -> TimeFormat {
        switch random.below(10) {
        case 0: .minutes
        case 1, 2: .seconds
        case 3: .milliseconds
        case 4: .nanoseconds
        default: .microseconds
        }
    }

    /// Digits after the decimal point (`nil` when even the seconds are left out).
    var fractionDigits: Int? {
        switch self {
        case .minutes: nil
        case .seconds: 0
        case .milliseconds: 3
        case .microseconds: 6
        case .nanoseconds: 9
        }
    }

    /// The printed instant of `nanoseconds` since the epoch (which must be >= 0).
    func truncate(_ nanoseconds: Int64) -> Int64 {
        nanoseconds - nanoseconds % unit
    }

    private var unit: Int64 {
        switch self {
        case .minutes: 60_000_000_000
        case .seconds: 1_000_000_000
        case .milliseconds: 1_000_000
        case .microseconds: 1_000
        case .nanoseconds: 1
        }
    }
}
