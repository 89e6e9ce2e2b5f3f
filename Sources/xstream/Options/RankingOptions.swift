import ArgumentParser
import XStreamCore

#if canImport(Glibc)
    import Glibc
#endif

/// The ranking metrics (ROC AUC, average precision): whether to compute them, and their memory and
/// temporary files.
struct RankingOptions: ParsableArguments {
    @Flag(
        help: ArgumentHelp(
            "Also report roc_auc and average_precision (binary task, labels 0 or 1, both classes; exact, in bounded memory)."
        ))
    var auc = false

    @Option(
        name: .customLong("auc-memory"),
        help: ArgumentHelp(
            "With --auc: about the most memory for buffered scores (8 bytes a row) and their sorting; past it, sorted runs are spilled to compressed temporary files.",
            valueName: "size"))
    var memory = ByteCount(EvaluationOptions.defaultRankingMemory)

    @Option(
        name: .customLong("temp-dir"),
        help: ArgumentHelp(
            "With --auc: the folder for spilled runs, removed on every exit. (default: $TMPDIR, or /tmp)",
            valueName: "dir"))
    var temporaryDirectory: String?

    /// `--auc` works on the binary task, without weights.
    func check(task: PredictionTask, weight: String?) throws {
        guard auc else { return }
        guard task == .binary else {
            throw ValidationError(
                "--auc needs the binary task (the ROC AUC ranks one score per row), not --task \(task.rawValue)")
        }
        if weight != nil { throw ValidationError("--auc does not support --weight yet") }
    }

    func validate() throws {
        guard memory.bytes >= 1 << 12 else { throw ValidationError("--auc-memory must be at least 4K") }
        if let temporaryDirectory {
            var status = stat()
            guard stat(temporaryDirectory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                throw ValidationError("--temp-dir \(EscapedText.printable(temporaryDirectory)) is not a folder")
            }
        }
    }
}
