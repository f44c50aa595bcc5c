import Foundation
import NIOCore

/// The cores this process may use: NIO's count, which heeds a container's CPU quota and cpuset,
/// or fewer where the process's CPU affinity allows fewer (`taskset -c 0` means one). Sizes the
/// server's event loops and `evaluate-online`'s threads.
public enum UsableCores {
    public static var count: Int {
        let allowed = EventLoopCPUs.allowed().count
        return allowed > 0 ? min(allowed, System.coreCount) : System.coreCount
    }
}
