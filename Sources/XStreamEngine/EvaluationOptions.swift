import XStreamCodecs
import XStreamFormats
import XStreamMetrics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Everything that decides how inputs are read and evaluated.
public struct EvaluationOptions: Sendable {
    /// The default chunk size: 1 MiB of decompressed records.
    public static let defaultChunkSize = 1 << 20
    /// The default longest line: 4 MiB.
    public static let defaultMaxLineLength = 4 << 20
    /// The default limit on a zstd frame's window, as a power of two: 27 (128 MiB), as the `zstd` tool.
    public static let defaultMaxWindowLog = StreamDecoder.defaultMaxWindowLog

    /// Task, clipping and validity rules.
    public var settings: EvaluationSettings
    /// Which columns are labels and predictions.
    public var columns: ColumnSelection
    /// The CSV field separator.
    public var delimiter: UInt8
    /// Worker threads.
    public var threads: Int
    /// Decompressed bytes per chunk (a chunk is then extended to the end of its last record).
    public var chunkSize: Int
    /// The longest accepted line.
    public var maxLineLength: Int
    /// The largest zstd window or xz dictionary accepted, as a power of two.
    public var maxWindowLog: Int
    /// Skip and count invalid rows instead of stopping at the first one.
    public var skipInvalid: Bool
    /// Whether readers hash every raw byte of their input (what partials need to catch an input counted twice).
    package var fingerprintsInputs = true
    /// What to do with CSV lines that repeat the header.
    public var repeatedHeaders: RepeatedHeaderPolicy
    /// With ``skipInvalid``: fail when more rows than this were skipped.
    public var maxInvalid: InvalidRowLimit?
    /// The default limit on distinct slice keys.
    public static let defaultMaxSlices = 10000
    /// With slice columns: more distinct keys than this is an error (each worker keeps at most this many, so
    /// memory stays bounded).
    public var maxSlices = defaultMaxSlices
    /// The default memory for the ranking metrics' buffered scores: 64 MiB.
    public static let defaultRankingMemory = 64 << 20
    /// With the ranking metrics: about the most memory the buffered scores (8 bytes a row) and their sorting
    /// take, over all workers and slices; past it, sorted runs are spilled to temporary files.
    public var rankingMemory = defaultRankingMemory
    /// Where the ranking metrics' temporary files go: `$TMPDIR`, or `/tmp`.
    public var temporaryDirectory = EvaluationOptions.defaultTemporaryDirectory

    /// `$TMPDIR` when set and not empty, otherwise `/tmp`.
    public static var defaultTemporaryDirectory: String {
        guard let value = getenv("TMPDIR"), value.pointee != 0 else { return "/tmp" }
        return String(cString: value)
    }

    /// - Parameters:
    ///   - settings: Task, clipping and validity rules.
    ///   - columns: Which columns are labels and predictions.
    ///   - delimiter: The CSV field separator.
    ///   - threads: Worker threads (at least 1); defaults to the active processor count.
    ///   - chunkSize: Decompressed bytes per chunk (at least 1).
    ///   - maxLineLength: The longest accepted line; the effective limit is at least `chunkSize`.
    ///   - maxWindowLog: The largest zstd window or xz dictionary accepted, as a power of two.
    ///   - skipInvalid: Skip and count invalid rows instead of stopping at the first one.
    ///   - maxInvalid: With `skipInvalid`: fail when more rows than this were skipped.
    ///   - repeatedHeaders: What to do with CSV lines that repeat the header.
    public init(
        settings: EvaluationSettings, columns: ColumnSelection = ColumnSelection(),
        delimiter: UInt8 = UInt8(ascii: ","),
        threads: Int = EvaluationOptions.activeProcessorCount, chunkSize: Int = defaultChunkSize,
        maxLineLength: Int = defaultMaxLineLength, maxWindowLog: Int = defaultMaxWindowLog,
        skipInvalid: Bool = false, maxInvalid: InvalidRowLimit? = nil, repeatedHeaders: RepeatedHeaderPolicy = .error
    ) {
        self.settings = settings
        self.columns = columns
        self.delimiter = delimiter
        self.threads = max(1, threads)
        self.chunkSize = max(1, chunkSize)
        self.maxLineLength = max(1, maxLineLength)
        self.maxWindowLog = maxWindowLog
        self.skipInvalid = skipInvalid
        self.maxInvalid = maxInvalid
        self.repeatedHeaders = repeatedHeaders
    }

    /// The ranking metrics rank binary predictions, one score a row, and do not take weights yet.
    /// - Throws: ``XStreamError`` (`usage`) for another task or a weight column.
    func checkRanking() throws {
        guard settings.ranksPredictions else { return }
        guard settings.task == .binary else {
            throw XStreamError(
                .usage,
                "the ROC AUC and average precision rank binary predictions: the \(settings.task.rawValue) task has none"
            )
        }
        guard columns.weight == nil else {
            throw XStreamError(.usage, "the ROC AUC and average precision do not support sample weights yet")
        }
    }

    /// The line limit in force: `maxLineLength`, or the chunk size when that is larger.
    var effectiveMaxLineLength: Int { max(maxLineLength, chunkSize) }

    /// The processors online.
    public static var activeProcessorCount: Int {
        max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    }
}
