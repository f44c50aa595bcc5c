import Foundation

/// The CPUs `marquee serve`'s event loops are pinned to (`--event-loop-cpus`): one event loop
/// per CPU, each kept on its own. Without it the server runs unpinned loops, placed by the
/// kernel's scheduler (``ServingConfiguration/eventLoopCount``).
///
/// Pin only where the server's cores are its own. Unpinned, the kernel may queue two event
/// loops on one core while another process runs on the other; pinned, a loop cannot leave a core
/// that another busy process (say a co-located Postgres) is using, and its connections wait.
/// Both were measured (BENCHMARKS.md, "Serving under load"). Under a container's CPU quota,
/// rather than a CPU set, leave the loops unpinned.
public struct EventLoopCPUs: Sendable, Hashable {
    /// CPU ids, ascending, each once.
    public let ids: [Int]

    /// Parses `auto` (every CPU this process may run on) or a list of CPU ids and ranges such as
    /// `0,1` or `0-3,6`; every id must be one the process may run on (`allowed`).
    public init(parsing text: String, allowed: [Int]) throws(ServingError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "auto" {
            guard !allowed.isEmpty else {
                throw ServingError(.config, "--event-loop-cpus auto: cannot tell which CPUs this process may run on; list them (say 0,1)")
            }
            ids = allowed
            return
        }
        guard let listed = Self.ids(inList: trimmed), !listed.isEmpty else {
            throw ServingError(
                .config, "--event-loop-cpus \"\(text)\" is not a CPU list: give auto, or ids and ranges such as 0,1 or 0-3,6")
        }
        let outside = listed.filter { !allowed.contains($0) }
        guard outside.isEmpty else {
            throw ServingError(
                .config,
                "--event-loop-cpus lists CPU \(outside.map(String.init).joined(separator: ", ")), which this process may not run on; "
                    + "it may run on \(Self.listText(allowed))")
        }
        ids = listed
    }

    /// The CPUs this process may run on (`Cpus_allowed_list` of `/proc/self/status`, or of the
    /// status file given, say a thread's); empty where that cannot be read.
    public static func allowed(statusFile: String = "/proc/self/status") -> [Int] {
        guard let status = try? String(contentsOfFile: statusFile, encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return [] }
        return ids(inList: line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces)) ?? []
    }

    /// `0-3,6` as `[0, 1, 2, 3, 6]`, ascending and without repeats; nil when it is not such a list.
    static func ids(inList text: String) -> [Int]? {
        var ids = Set<Int>()
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let first = Int(bounds[0]), let last = Int(bounds[bounds.count - 1]),
                first >= 0, first <= last, last < 4096
            else { return nil }
            ids.formUnion(first...last)
        }
        return ids.sorted()
    }

    private static func listText(_ ids: [Int]) -> String {
        ids.isEmpty ? "none that could be read" : ids.map(String.init).joined(separator: ",")
    }
}
