/// The run compared with a baseline report.
public struct BaselineComparison: Sendable, Equatable, Codable {
    /// The baseline report's path.
    public var path: String
    /// One outcome per limit.
    public var comparisons: [BaselineOutcome]

    /// - Parameters:
    ///   - path: The baseline report's path.
    ///   - comparisons: One outcome per limit.
    public init(path: String, comparisons: [BaselineOutcome]) {
        self.path = path
        self.comparisons = comparisons
    }
}
