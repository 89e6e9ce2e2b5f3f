/// A snapshot of an evaluation in progress.
public struct EvaluationProgress: Sendable {
    /// Compressed bytes read so far.
    public var compressedBytes: Int
    /// Total compressed bytes of the inputs, when every input is a regular file.
    public var totalCompressedBytes: Int?
    /// Valid rows evaluated so far.
    public var rows: Int
}
