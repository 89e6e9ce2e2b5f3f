/// Writes the header of a structured `.npy` file and chooses field types for converted columns.
package enum NPYWriter {
    /// The `.npy` header (magic, version, length, dict text padded to a multiple of 64 bytes) for
    /// `count` records of the given fields.
    package static func header(fields: [(name: String, type: String)], count: Int) -> [UInt8] {
        let descr = fields.map { "(\(pythonString($0.name)), '\($0.type)')" }.joined(separator: ", ")
        var text = Array("{'descr': [\(descr)], 'fortran_order': False, 'shape': (\(count),), }".utf8)
        let preamble = text.count + 11 < 65536 ? 10 : 12
        while (preamble + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        var bytes = NPYHeader.magic
        if preamble == 10 {
            bytes += [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)]
        } else {
            bytes += [2, 0] + withUnsafeBytes(of: UInt32(text.count).littleEndian, Array.init)
        }
        return bytes + text
    }

    /// A Python string literal for `text`.
    private static func pythonString(_ text: String) -> String {
        var escaped = "'"
        for character in text {
            if character == "\\" || character == "'" { escaped.append("\\") }
            escaped.append(character)
        }
        return escaped + "'"
    }

    /// The smallest integer type that holds every value seen, or nil when a value is not an exact integer.
    package static func integerType(minimum: Double, maximum: Double) -> NPYScalarType? {
        let candidates: [(String, Double, Double)] = [
            ("|u1", 0, 255), ("|i1", -128, 127), ("<u2", 0, 65535), ("<i2", -32768, 32767),
            ("<u4", 0, 4_294_967_295), ("<i4", -2_147_483_648, 2_147_483_647),
            ("<i8", -9_007_199_254_740_992, 9_007_199_254_740_992),
        ]
        guard let match = candidates.first(where: { minimum >= $0.1 && maximum <= $0.2 }) else { return nil }
        return try? NPYScalarType(match.0, path: "")
    }
}
