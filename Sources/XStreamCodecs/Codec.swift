/// How an input's bytes are compressed. Detected from the first bytes, never from the file name.
public enum Codec: String, Sendable, Codable {
    /// Not compressed.
    case plain
    /// Zstandard frames (magic `28 B5 2F FD`).
    case zstd
    /// LZ4 frames (magic `04 22 4D 18`).
    case lz4

    static let zstdMagic: UInt32 = 0xFD2F_B528
    static let lz4Magic: UInt32 = 0x184D_2204
    /// Skippable frames (both formats share them): magics `0x184D2A50` to `0x184D2A5F`.
    static func isSkippableMagic(_ magic: UInt32) -> Bool { magic & 0xFFFF_FFF0 == 0x184D_2A50 }
}
