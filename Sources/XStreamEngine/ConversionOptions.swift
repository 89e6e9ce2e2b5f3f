import XStreamFormats

/// What `xstream convert` writes and how.
public struct ConversionOptions: Sendable {
    /// The element type of prediction columns.
    public enum PredictionType: String, Sendable, CaseIterable {
        case float32 = "f4"
        case float64 = "f8"
    }

    /// Which columns are labels and predictions (the same defaults as `eval`).
    public var columns: ColumnSelection
    /// The CSV field separator.
    public var delimiter: UInt8
    /// The element type of prediction columns; `float64` keeps every value exactly.
    public var predictionType: PredictionType
    /// The compression level; nil for the codec's default (zstd 3, lz4 1).
    public var level: Int?
    /// Reading limits, as for `eval`.
    public var chunkSize: Int
    /// The longest accepted line.
    public var maxLineLength: Int
    /// The largest zstd window or xz dictionary accepted, as a power of two.
    public var maxWindowLog: Int

    /// Skip and count invalid rows instead of stopping at the first one.
    public var skipInvalid = false
    /// With ``skipInvalid``: fail when more rows than this were skipped.
    public var maxInvalid: InvalidRowLimit?
    /// What to do with CSV lines that repeat the header.
    public var repeatedHeaders = RepeatedHeaderPolicy.error

    /// - Parameters:
    ///   - columns: Which columns are labels and predictions.
    ///   - delimiter: The CSV field separator.
    ///   - predictionType: The element type of prediction columns.
    ///   - level: The compression level, or nil for the codec's default.
    ///   - chunkSize: Decompressed bytes per chunk.
    ///   - maxLineLength: The longest accepted line.
    ///   - maxWindowLog: The largest zstd window or xz dictionary accepted, as a power of two.
    public init(
        columns: ColumnSelection = ColumnSelection(), delimiter: UInt8 = UInt8(ascii: ","),
        predictionType: PredictionType = .float64, level: Int? = nil,
        chunkSize: Int = EvaluationOptions.defaultChunkSize,
        maxLineLength: Int = EvaluationOptions.defaultMaxLineLength,
        maxWindowLog: Int = EvaluationOptions.defaultMaxWindowLog
    ) {
        self.columns = columns
        self.delimiter = delimiter
        self.predictionType = predictionType
        self.level = level
        self.chunkSize = chunkSize
        self.maxLineLength = maxLineLength
        self.maxWindowLog = maxWindowLog
    }
}
