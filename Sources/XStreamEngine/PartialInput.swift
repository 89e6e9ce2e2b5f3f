/// One input behind a partial: what it contributed, and a fingerprint of its raw bytes that tells whether two
/// partials hold the same input under two names.
public struct PartialInput: Sendable, Equatable {
    /// What the input contributed (its name, format, codec, rows and sizes).
    public var summary: InputSummary
    /// `xxh64:` and the 16 hexadecimal digits of the XXH64 (seed 0) of its raw, still compressed bytes.
    public var fingerprint: String

    /// - Parameters:
    ///   - summary: What the input contributed.
    ///   - fingerprint: The fingerprint of its raw bytes.
    public init(summary: InputSummary, fingerprint: String) {
        self.summary = summary
        self.fingerprint = fingerprint
    }

    /// Whether the input added anything (a valid or an invalid row): only such inputs can be counted twice.
    var contributesRows: Bool { summary.rows > 0 || summary.invalidRows > 0 }
}
