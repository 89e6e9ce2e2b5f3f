/// The earlier report a run is compared with, and how strictly.
public struct Baseline: Sendable {
    /// What to do when the baseline was made with settings that change the numbers.
    public enum MismatchPolicy: String, Sendable, CaseIterable {
        /// Refuse to compare (an error).
        case refuse
        /// Compare anyway, and list the differences in the report.
        case warn
    }

    /// The baseline report's path.
    public var path: String
    /// The report, or nil when the file is missing and that was allowed (the first run of a nightly job).
    public var report: EvaluationReport?
    /// What to do about settings that differ.
    public var mismatchPolicy: MismatchPolicy

    /// - Parameters:
    ///   - path: The baseline report's path.
    ///   - report: The report; nil for an allowed missing file.
    ///   - mismatchPolicy: What to do about settings that differ.
    public init(path: String, report: EvaluationReport?, mismatchPolicy: MismatchPolicy = .refuse) {
        self.path = path
        self.report = report
        self.mismatchPolicy = mismatchPolicy
    }
}
