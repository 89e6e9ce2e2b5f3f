/// The run compared with a baseline report.
public struct BaselineComparison: Sendable, Equatable, Codable {
    /// The baseline report's path.
    public var path: String
    /// True when the baseline file did not exist and that was allowed: nothing was compared.
    public var missing: Bool
    /// Settings that change the numbers and differ from the baseline's, compared anyway as asked.
    public var mismatches: [String]
    /// One outcome per limit.
    public var comparisons: [BaselineOutcome]

    /// - Parameters:
    ///   - path: The baseline report's path.
    ///   - missing: Whether the baseline file was missing (and allowed to be).
    ///   - mismatches: Settings that differ, compared anyway.
    ///   - comparisons: One outcome per limit.
    public init(path: String, missing: Bool, mismatches: [String], comparisons: [BaselineOutcome]) {
        self.path = path
        self.missing = missing
        self.mismatches = mismatches
        self.comparisons = comparisons
    }
}
