import Foundation

/// A point in the world's taste space: movies and users each have one, and a user likes a
/// movie as much as their vectors agree.
struct TasteVector: Sendable, Hashable {
    /// Dimensions of the taste space.
    static let dimensions = 8
    var values: [Float]

    /// A random direction (a normalized Gaussian draw).
    static func random(using random: inout Xoshiro256StarStar) -> TasteVector {
        TasteVector(values: (0..<dimensions).map { _ in Float(random.gaussian()) }).normalized()
    }

    /// `self + scale × other`.
    func adding(_ other: TasteVector, scale: Float = 1) -> TasteVector {
        TasteVector(values: zip(values, other.values).map { $0 + scale * $1 })
    }

    /// The same direction with length 1 (or unchanged when it is zero).
    func normalized() -> TasteVector {
        let length = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
        guard length > 0 else { return self }
        return TasteVector(values: values.map { $0 / length })
    }

    /// The dot product: the cosine of the angle between two normalized vectors.
    func dot(_ other: TasteVector) -> Float {
        var sum: Float = 0
        for index in values.indices { sum += values[index] * other.values[index] }
        return sum
    }
}

extension Xoshiro256StarStar {
    /// A standard normal draw (Box–Muller).
    mutating func gaussian() -> Double {
        let u = max(unit(), 1e-300)
        let v = unit()
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * v)
    }
}
