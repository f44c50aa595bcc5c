/// The running watch sessions, earliest due first (a binary min-heap).
struct SessionQueue {
    private var heap: [WatchSession] = []

    var count: Int { heap.count }

    mutating func push(_ session: WatchSession) {
        heap.append(session)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].isDue(before: heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the session due first.
    mutating func popFirst() -> WatchSession? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let first = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var earliest = parent
            if left < heap.count, heap[left].isDue(before: heap[earliest]) { earliest = left }
            if right < heap.count, heap[right].isDue(before: heap[earliest]) { earliest = right }
            guard earliest != parent else { break }
            heap.swapAt(parent, earliest)
            parent = earliest
        }
        return first
    }
}
