/// What to do with a CSV line that repeats the header, as concatenated files have (`cat shards/*.csv`).
public enum RepeatedHeaderPolicy: String, Sendable, CaseIterable {
    /// An invalid row (`repeated_header`), so concatenated files are not read by mistake.
    case error
    /// Skip the line: it is neither a row nor an invalid one.
    case skip
}
