import Foundation

/// Writes results for people and scripts to standard output, unbuffered (logs go to stderr).
enum Output {
    static func line(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }
}
