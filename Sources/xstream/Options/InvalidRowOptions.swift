import ArgumentParser
import XStreamCore

extension RepeatedHeaderPolicy: ExpressibleByArgument {}

/// What to do with invalid rows and with header lines repeated inside the data.
struct InvalidRowOptions: ParsableArguments {
    @Flag(help: "Skip invalid rows, count them and report where they are, instead of stopping at the first one.")
    var skipInvalid = false

    @Option(
        help: ArgumentHelp(
            "Skip invalid rows (as --skip-invalid), but fail (exit 2) when more rows than N, or than P% of all rows, were skipped.",
            valueName: "N|P%"))
    var maxInvalid: String?

    @Option(
        help: ArgumentHelp(
            "A CSV line that repeats the header (concatenated files, e.g. cat shards/*.csv | xstream eval -): error, or skip it.",
            valueName: "error|skip"))
    var repeatedHeaders: RepeatedHeaderPolicy = .error

    /// Whether invalid rows are skipped: asked for, or implied by a limit on them.
    var skips: Bool { skipInvalid || maxInvalid != nil }

    /// The `--max-invalid` limit, once validated.
    var limit: InvalidRowLimit? { maxInvalid.flatMap(GateExpression.invalidRowLimit) }

    func validate() throws {
        if let maxInvalid, GateExpression.invalidRowLimit(maxInvalid) == nil {
            throw ValidationError("--max-invalid takes a count (1000) or a percentage (0.5%)")
        }
    }
}
