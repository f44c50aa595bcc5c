import Synchronization

/// Values a command is done with but leaves for the process's exit to reclaim, as compilers do
/// with their syntax trees: a batch join holds hundreds of thousands of events, each with its
/// strings, and freeing them one by one just before the process ends cost more than its tally.
enum KeptUntilExit {
    private static let kept = Mutex<[any Sendable]>([])

    static func keep(_ value: any Sendable) { kept.withLock { $0.append(value) } }
}
