import Foundation

/// Writes results for people and scripts to standard output, unbuffered (logs go to stderr).
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}

extension Output {
    /// A progress line for people watching the terminal (standard error, so results stay clean).
    static func progress(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }
}
