/// The one error type of the xstream core.
///
/// Every error carries a machine-readable ``Code``, what is wrong in words that name no command-line flag
/// (``detail``), where it is (``location``: the input and, where there is one, the line, record or compressed
/// byte offset), the underlying failure (``cause``: the system's or a C library's), and, when the user can
/// lift a limit to get past it, the ``Remedy``. Front ends turn a remedy into their own words (the CLI names
/// the flag).
public struct XStreamError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public enum Code: String, Sendable, Codable {
        /// Options that do not fit together, or a condition that names an unknown metric.
        case usage
        /// An input that cannot be opened or read.
        case io
        /// Compressed data that the codec rejects (bad data, checksum mismatch, unknown frame).
        case corruptData
        /// Compressed data that ends inside a frame.
        case truncatedData
        /// A zstd frame or xz stream that asks for more window (dictionary) memory than the configured limit.
        case windowTooLarge
        /// A CSV header or `.npy` header that cannot be used (missing or duplicate columns, bad layout).
        case invalidHeader
        /// A row that is not valid for the task (strict mode stops at the first one).
        case invalidRow
        /// A line longer than the configured limit.
        case lineTooLong
        /// Too many invalid rows were skipped.
        case tooManyInvalidRows
        /// The inputs hold no rows at all.
        case noRows
        /// A baseline report that cannot be used.
        case invalidBaseline
        /// The report file cannot be written.
        case outputFailed
        /// A partial state file that cannot be read: not a partial, another format version, or damaged (its
        /// checksum does not match).
        case invalidPartial
        /// Partials that cannot be merged: their settings differ, or they hold the same input.
        case incompatiblePartials
        /// More distinct slice keys than the limit.
        case tooManySlices
        /// A metric the rows do not define (the ROC AUC of rows of one class).
        case undefinedMetric
    }

    /// A limit or choice the user can change to get past the error.
    public enum Remedy: Sendable, Equatable {
        /// Allow zstd frames with a larger window and xz streams with a larger dictionary (more memory per input).
        case allowLargerWindow
        /// Allow longer lines.
        case allowLongerLines
        /// Name the label and prediction columns.
        case chooseColumns
        /// Accept more skipped invalid rows.
        case allowMoreInvalidRows
        /// Compare with a baseline made with other settings anyway.
        case allowBaselineMismatch
        /// Accept a baseline that does not exist yet.
        case allowMissingBaseline
        /// Read the input as tab-separated.
        case useTabDelimiter
        /// Skip lines that repeat the header.
        case skipRepeatedHeaders
        /// Allow more distinct slice keys.
        case allowMoreSlices
        /// Compute the ranking metrics (ROC AUC, average precision).
        case computeRankingMetrics
    }

    /// What kind of failure this is.
    public var code: Code
    /// What is wrong, without the location, e.g. `column "pred": "abc" is not a number`.
    public var detail: String
    /// Where: the input and the line, record or byte offset; nil for failures of no one input.
    public var location: Location?
    /// The underlying failure: a ``SystemFailure`` or a ``CodecFailure``.
    public var cause: (any Error & Sendable)?
    /// What the user can change to get past the error, if anything.
    public var remedy: Remedy?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - detail: What is wrong, without the location.
    ///   - location: Where, if in one input.
    ///   - cause: The underlying failure, if any.
    ///   - remedy: What the user can change, if anything.
    public init(
        _ code: Code, _ detail: String, at location: Location? = nil, cause: (any Error & Sendable)? = nil,
        remedy: Remedy? = nil
    ) {
        self.code = code
        self.detail = detail
        self.location = location
        self.cause = cause
        self.remedy = remedy
    }

    /// The location, then the detail: `shards/b.csv.zst:48213: column "pred": "abc" is not a number`.
    public var message: String {
        guard let location else { return detail }
        return "\(location): \(detail)"
    }

    /// The message and its cause: `a.csv: cannot open: No such file or directory`,
    /// `a.zst: corrupt zstd data at compressed byte offset 18 (Data corruption detected)`.
    public var description: String {
        switch cause {
        case nil: message
        case let system as SystemFailure: "\(message): \(system)"
        case let cause?: "\(message) (\(cause))"
        }
    }

    /// The same error at another location (the engine places row errors once their line is known).
    package func located(at location: Location) -> XStreamError {
        var copy = self
        copy.location = location
        return copy
    }
}
