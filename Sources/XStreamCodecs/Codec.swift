/// How an input's bytes are compressed. Detected from the first bytes, never from the file name.
public enum Codec: String, Sendable, Codable {
    /// Not compressed.
    case plain
    /// Zstandard frames (magic `28 B5 2F FD`).
    case zstd
    /// LZ4 frames (magic `04 22 4D 18`).
    case lz4
    /// gzip members (magic `1F 8B`), as `gzip` and pandas' `to_csv("x.csv.gz")` write them.
    case gzip
    /// bzip2 streams (magic `BZh` and a block size digit 1 to 9).
    case bzip2
    /// xz streams (magic `FD 37 7A 58 5A 00`).
    case xz

    static let zstdMagic: UInt32 = 0xFD2F_B528
    static let lz4Magic: UInt32 = 0x184D_2204
    /// Skippable frames (both formats share them): magics `0x184D2A50` to `0x184D2A5F`.
    static func isSkippableMagic(_ magic: UInt32) -> Bool { magic & 0xFFFF_FFF0 == 0x184D_2A50 }

    static let xzMagic: [UInt8] = [0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00]

    /// The codec whose magic `bytes` start with, among gzip, bzip2 and xz (whose magics are not 4-byte frame
    /// magics), or nil. `bytes` holds at least 6 bytes unless the input is shorter: an input that is a cut
    /// xz magic (2 to 5 bytes) counts as xz, so it is reported as truncated rather than read as text.
    static func streamCodec(startingWith bytes: UnsafeRawBufferPointer) -> Codec? {
        if bytes.count >= 6 ? bytes.starts(with: xzMagic) : bytes.count >= 2 && xzMagic.starts(with: bytes) {
            return .xz
        }
        if bytes.count >= 4, bytes.starts(with: Array("BZh".utf8)), (0x31...0x39).contains(bytes[3]) { return .bzip2 }
        if bytes.starts(with: [0x1F, 0x8B]) { return .gzip }
        return nil
    }
}
