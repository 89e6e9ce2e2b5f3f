import ArgumentParser
import XStreamCore

/// Running one evaluation as many jobs: partial state out, one shard of the inputs, a name for standard input.
struct ScaleOutOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Write the run's exact state to this file (- for stdout, and then no report) for xstream merge. No rows is then not an error; gates and --max-invalid belong to the merge.",
            valueName: "file"))
    var partialOut: String?

    @Option(
        help: ArgumentHelp(
            "With --num-shards: evaluate only the inputs at positions j (from 0, in the order given) with j mod N = I, e.g. $JOB_COMPLETION_INDEX or $SLURM_ARRAY_TASK_ID.",
            valueName: "I"))
    var shardIndex: Int?

    @Option(help: ArgumentHelp("With --shard-index: how many shards the inputs are split into.", valueName: "N"))
    var numShards: Int?

    @Option(
        help: ArgumentHelp(
            "The name of standard input (-), or of the only input, in reports and partials, e.g. the s3:// URL it is streamed or downloaded from.",
            valueName: "name"))
    var inputName: String?

    /// The shard this run takes, if any.
    var selection: ShardSelection? {
        guard let shardIndex, let numShards else { return nil }
        return ShardSelection(index: shardIndex, count: numShards)
    }

    func validate() throws {
        switch (shardIndex, numShards) {
        case (nil, nil): break
        case (let index?, let count?):
            guard count >= 1 else { throw ValidationError("--num-shards must be at least 1") }
            guard (0..<count).contains(index) else {
                throw ValidationError("--shard-index must be in 0...\(count - 1) (--num-shards \(count))")
            }
        default: throw ValidationError("--shard-index and --num-shards go together")
        }
        if let inputName, inputName.isEmpty || inputName == "-" {
            throw ValidationError("--input-name must be a name other than -")
        }
        if partialOut?.isEmpty == true { throw ValidationError("--partial-out needs a file name, or -") }
    }
}
