/// Text from an input or from the command line, made safe and short for an error message.
///
/// Messages hold no control characters and no replacement characters: a control character is written as
/// `\xNN` (its code), a byte that is not part of valid UTF-8 as `\xNN` (the byte), and long text is cut with
/// `…`, so every message stays on one line and under a few hundred bytes.
package enum EscapedText {
    /// `bytes` as UTF-8 text, each byte of an invalid sequence written as `\xNN`; valid text is unchanged.
    package static func decoding(_ bytes: some Collection<UInt8>) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        let bytes = Array(bytes)
        var text = ""
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let length =
                lead < 0x80
                ? 1
                : (0xC2...0xDF).contains(lead)
                    ? 2
                    : (0xE0...0xEF).contains(lead)
                        ? 3
                        : (0xF0...0xF4).contains(lead) ? 4 : 0
            if length > 0, index + length <= bytes.count,
                let scalar = String(validating: bytes[index..<index + length], as: UTF8.self)
            {
                text += scalar
                index += length
            } else {
                text += hex(UInt32(lead))
                index += 1
            }
        }
        return text
    }

    /// `bytes` decoded as by ``decoding(_:)``, then made printable as by ``printable(_:limit:)``.
    package static func printable(bytes: some Collection<UInt8>, limit: Int = 40) -> String {
        printable(decoding(bytes), limit: limit)
    }

    /// `text` with every control character written as `\xNN` and every replacement character (what a decoder
    /// made of bytes it could not read) as `\uFFFD`, cut after `limit` characters with `…`.
    package static func printable(_ text: String, limit: Int = 40) -> String {
        var out = ""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += hex(scalar.value)
            } else if scalar == "\u{FFFD}" {
                out += "\\uFFFD"
            } else {
                out.unicodeScalars.append(scalar)
            }
            count += 1
        }
        return out
    }

    /// `names` quoted and comma-separated, made printable, and cut after about `limit` characters with
    /// `… and N more`.
    package static func quotedList(_ names: [String], limit: Int = 120) -> String {
        var out = ""
        for (index, name) in names.enumerated() {
            let item = "\"\(printable(name))\""
            if index > 0, out.unicodeScalars.count + item.unicodeScalars.count > limit {
                return out + ", … and \(names.count - index) more"
            }
            out += (index > 0 ? ", " : "") + item
        }
        return out
    }

    /// A message for one line of a terminal: printable, and at most `maxBytes` bytes of UTF-8.
    package static func message(_ text: String, maxBytes: Int) -> String {
        let text = printable(text, limit: .max)
        guard text.utf8.count > maxBytes else { return text }
        var out = ""
        var bytes = 0
        for character in text {
            bytes += character.utf8.count
            // Room for the ellipsis, three bytes of UTF-8.
            if bytes > maxBytes - 3 { break }
            out.append(character)
        }
        return out + "…"
    }

    private static func hex(_ value: UInt32) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "\\x" + (digits.count < 2 ? "0" : "") + digits
    }
}
