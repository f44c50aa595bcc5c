import Foundation

/// The cores this process may run on: its CPU affinity on Linux (`Cpus_allowed` in
/// /proc/self/status, so `taskset -c 0` means one), else the processors online.
enum UsableCores {
    static var count: Int {
        if let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed:") })
        {
            let mask = line.dropFirst("Cpus_allowed:".count).filter(\.isHexDigit)
            let cores = mask.reduce(0) { $0 + (Int(String($1), radix: 16) ?? 0).nonzeroBitCount }
            if cores > 0 { return cores }
        }
        return ProcessInfo.processInfo.activeProcessorCount
    }
}
