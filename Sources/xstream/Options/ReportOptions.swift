import ArgumentParser

/// Where the report goes and whether progress is shown.
struct ReportOptions: ParsableArguments {
    @Flag(help: "Print the JSON report on stdout instead of the table.")
    var json = false

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Also write the JSON report to this file, atomically (temporary file, then rename).", valueName: "file"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "How many inputs the table lists: 'all', or 'some' (the first and last ten, the rest summed in one line, beyond 20 inputs). The JSON always lists all.",
            valueName: "all|some"))
    var inputs: InputListing = .some

    /// How many inputs the table lists.
    enum InputListing: String, ExpressibleByArgument {
        case all, some
    }

    @Flag(
        inversion: .prefixedNo,
        help: "Show a progress line on stderr. (default: only when stderr is a terminal)")
    var progress: Bool?
}
