/// The `k` best-scored candidates, best first; equal scores rank the lower index first, so
/// rankings are deterministic.
public struct TopK: Sendable {
    public let k: Int
    /// A min-heap of the best seen so far (the worst of them at the root).
    private var heap: [(item: Int32, score: Float)] = []

    public init(k: Int) {
        self.k = max(0, k)
        heap.reserveCapacity(self.k)
    }

    /// True when `a` ranks below `b`.
    @inline(__always)
    private static func worse(_ a: (item: Int32, score: Float), _ b: (item: Int32, score: Float)) -> Bool {
        a.score != b.score ? a.score < b.score : a.item > b.item
    }

    /// Offers a candidate.
    @inline(__always)
    public mutating func offer(_ item: Int32, _ score: Float) {
        if heap.count < k {
            heap.append((item, score))
            siftUp(heap.count - 1)
        } else if k > 0, Self.worse(heap[0], (item, score)) {
            heap[0] = (item, score)
            siftDown(0)
        }
    }

    /// The kept candidates, best first.
    public func ranked() -> [Int32] {
        heap.sorted { Self.worse($1, $0) }.map(\.item)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.worse(heap[child], heap[parent]) else { return }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var smallest = left
            if left + 1 < heap.count, Self.worse(heap[left + 1], heap[left]) { smallest = left + 1 }
            guard Self.worse(heap[smallest], heap[parent]) else { return }
            heap.swapAt(smallest, parent)
            parent = smallest
        }
    }
}
