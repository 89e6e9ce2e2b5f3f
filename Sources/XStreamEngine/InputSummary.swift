import XStreamCodecs

/// What one input contributed.
public struct InputSummary: Sendable, Equatable, Codable {
    /// The input's name: the path as the user gave it, `-` for standard input, or a byte source's name.
    public var path: String
    /// `csv` or `npy`; nil when the input was empty.
    public var format: String?
    /// The codec detected from the first bytes.
    public var codec: Codec
    /// Valid rows evaluated.
    public var rows: Int
    /// Invalid rows skipped.
    public var invalidRows: Int
    /// Compressed bytes read (equal to the decompressed bytes for plain inputs).
    public var compressedBytes: Int
    /// Decompressed bytes read.
    public var decompressedBytes: Int

    private enum CodingKeys: String, CodingKey {
        case path, format, codec, rows
        case invalidRows = "invalid_rows"
        case compressedBytes = "compressed_bytes"
        case decompressedBytes = "decompressed_bytes"
    }

    /// Encodes every member; an empty input's format is written as null.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(path, forKey: .path)
        if let format {
            try container.encode(format, forKey: .format)
        } else {
            try container.encodeNil(forKey: .format)
        }
        try container.encode(codec, forKey: .codec)
        try container.encode(rows, forKey: .rows)
        try container.encode(invalidRows, forKey: .invalidRows)
        try container.encode(compressedBytes, forKey: .compressedBytes)
        try container.encode(decompressedBytes, forKey: .decompressedBytes)
    }
}
