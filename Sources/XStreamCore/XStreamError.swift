/// The one error type of XStreamCore.
///
/// Every error carries a machine-readable ``Code``, a message a user can act on (it starts with the
/// location: the input's path and, where there is one, the line or record), and the underlying cause
/// when a C library reported it (the zstd or lz4 error name).
public struct XStreamError: Error, CustomStringConvertible, Sendable, Equatable {
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
        /// A zstd frame that asks for more window memory than the configured limit.
        case windowTooLarge
        /// A CSV header or `.npy` header that cannot be used (missing or duplicate columns, bad layout).
        case invalidHeader
        /// A row that is not valid for the task (strict mode stops at the first one).
        case invalidRow
        /// A line longer than the configured limit.
        case lineTooLong
        /// Too many invalid rows were skipped (`--max-invalid`).
        case tooManyInvalidRows
        /// The inputs hold no rows at all.
        case noRows
        /// A baseline report that cannot be used.
        case invalidBaseline
        /// The report file cannot be written.
        case outputFailed
    }

    /// What kind of failure this is.
    public var code: Code
    /// The whole message, location first, e.g. `shards/b.csv.zst:48213: column "pred": "abc" is not a number`.
    public var message: String
    /// The underlying library's name for the failure, when there is one (e.g. zstd's `Data corruption detected`).
    public var cause: String?

    /// Creates an error.
    /// - Parameters:
    ///   - code: What kind of failure this is.
    ///   - message: The whole message a user reads, location first.
    ///   - cause: The underlying library's name for the failure, if any.
    public init(_ code: Code, _ message: String, cause: String? = nil) {
        self.code = code
        self.message = message
        self.cause = cause
    }

    public var description: String {
        guard let cause else { return message }
        return "\(message) (\(cause))"
    }
}
