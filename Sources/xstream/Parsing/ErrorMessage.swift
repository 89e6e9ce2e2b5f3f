import XStreamCore

/// The words the command line prints for a core error: its message, and for a limit the user can lift, the
/// flag that lifts it.
enum ErrorMessage {
    /// `xstream: error: ` and the error's description, then the flag hint, if any.
    static func text(for error: XStreamError) -> String {
        guard let remedy = error.remedy else { return "xstream: error: \(error)" }
        return "xstream: error: \(error); \(hint(for: remedy))"
    }

    /// The error's message, then the flag hint, if any (for a usage error found while checking arguments).
    static func messageWithHint(for error: XStreamError) -> String {
        guard let remedy = error.remedy else { return error.message }
        return "\(error.message); \(hint(for: remedy))"
    }

    private static func hint(for remedy: XStreamError.Remedy) -> String {
        switch remedy {
        case .allowLargerWindow: "pass --max-window-log with a larger value to allow that much memory"
        case .allowLongerLines: "raise --max-line-length if that is expected"
        case .chooseColumns: "choose the columns with --label and --pred (or leave some out with --ignore)"
        case .allowMoreInvalidRows: "the limit is set with --max-invalid"
        case .allowBaselineMismatch: "pass --baseline-mismatch warn to compare anyway"
        case .useTabDelimiter: "pass --delimiter tab"
        case .skipRepeatedHeaders: "pass --repeated-headers skip to read concatenated files"
        case .allowMoreSlices: "raise --max-slices if that many slices are expected"
        case .computeRankingMetrics: "pass --auc to compute it"
        case .allowMissingBaseline: "pass --baseline-missing ok to accept a missing baseline (a first run)"
        }
    }
}
