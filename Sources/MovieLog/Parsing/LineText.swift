/// Renders raw log bytes for messages: printable, shortened, never trusted.
enum LineText {
    /// At most `limit` characters of `bytes`, with control and invalid bytes shown as `\xNN`.
    static func excerpt(_ bytes: UnsafeRawBufferPointer, limit: Int = 60) -> String {
        var text = ""
        for byte in bytes.prefix(limit) {
            if byte >= 0x20 && byte < 0x7F {
                text.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                let hex = String(byte, radix: 16, uppercase: true)
                text += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        if bytes.count > limit { text += "…" }
        return text
    }
}
