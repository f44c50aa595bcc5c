import Foundation

/// The process's peak resident memory, in bytes (`getrusage`; Linux reports kilobytes).
public func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Int(usage.ru_maxrss) * 1024
}
