/// Sticky assignment of users to variants: a user's variant depends only on the experiment's
/// salt, the user id and the weights, so it survives restarts and is the same on every replica.
///
/// The user's point is `u = mix64(fnv1a64("<salt>:<uid>")) / 2⁶⁴` in [0, 1), where `fnv1a64` is
/// 64-bit FNV-1a over the UTF-8 bytes and `mix64` is SplitMix64's finaliser (FNV alone spreads
/// short, similar keys badly). Variants own consecutive slices of [0, 1) in their listed order,
/// each as wide as its share of the total weight; a weight of 0 owns nothing.
public struct Assignment: Sendable {
    public let experiment: Experiment
    /// The upper end of each variant's slice (the last is 1).
    private let bounds: [Double]

    public init(_ experiment: Experiment) {
        self.experiment = experiment
        let total = experiment.variants.reduce(0) { $0 + $1.weight }
        var running = 0.0
        var bounds: [Double] = []
        for variant in experiment.variants {
            running += variant.weight
            bounds.append(running / total)
        }
        // The last positive-weight variant closes the interval, whatever rounding did.
        if let last = experiment.variants.lastIndex(where: { $0.weight > 0 }) {
            for position in last..<bounds.count { bounds[position] = 1 }
        }
        self.bounds = bounds
    }

    /// The variant that serves `userID`.
    public func variant(for userID: Int64) -> Experiment.Variant {
        experiment.variants[variantIndex(for: userID)]
    }

    /// The position in `experiment.variants` of the variant that serves `userID`.
    public func variantIndex(for userID: Int64) -> Int {
        let point = Self.point(salt: experiment.salt, userID: userID)
        for (position, bound) in bounds.enumerated() where point < bound && experiment.variants[position].weight > 0 {
            return position
        }
        // Unreachable: the last positive-weight variant's bound is 1 > point.
        return bounds.count - 1
    }

    /// The user's point in [0, 1) for `salt`.
    public static func point(salt: String, userID: Int64) -> Double {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(salt):\(userID)".utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        hash ^= hash >> 31
        return Double(hash >> 11) / Double(UInt64(1) << 53)
    }
}
