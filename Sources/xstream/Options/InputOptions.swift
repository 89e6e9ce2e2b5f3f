import ArgumentParser
import XStreamCore

/// The inputs: files, directories, glob patterns, standard input, and files that list more of them.
struct InputOptions: ParsableArguments {
    @Argument(
        help: ArgumentHelp(
            "Input files, directories (read recursively), quoted glob patterns ('shards/**/*.zst'), or - for standard input.",
            discussion:
                "A directory stands for its files in sorted order, hidden ones skipped. A pattern (*, ?, [...], ** for any depth) that is not an existing file is expanded in sorted order and must match something.",
            valueName: "input"))
    var inputs: [String] = []

    @Option(
        name: .customLong("files-from"),
        help: ArgumentHelp(
            "Also read the inputs listed in this file, one per line (blank lines and # comments skipped); - for standard input. Repeatable.",
            valueName: "file"))
    var filesFrom: [String] = []

    /// The inputs to read, in order: the arguments, then the lists' entries.
    func sources() throws -> [InputSource] { try InputExpansion.sources(inputs, listedIn: filesFrom) }

    func validate() throws {
        if inputs.isEmpty, filesFrom.isEmpty { throw ValidationError("give at least one input, or --files-from") }
    }
}
