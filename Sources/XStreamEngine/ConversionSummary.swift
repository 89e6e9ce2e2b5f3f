import XStreamCodecs

/// What a conversion wrote.
public struct ConversionSummary: Sendable {
    /// Records written.
    public var rows: Int
    /// The fields written, as NumPy names and type strings.
    public var fields: [(name: String, type: String)]
    /// The output's codec, from its extension.
    public var codec: Codec
    /// Invalid rows skipped (0 unless skipping was asked for).
    public var invalidRows: Int
    /// Skipped rows by reason, with their first locations.
    public var invalidBreakdown: [InvalidRowSummary]
}
