import ArgumentParser
import XStreamCore

extension ConversionOptions.PredictionType: ExpressibleByArgument {}

/// `xstream convert`: CSV (or `.npy`, Parquet, Arrow IPC) inputs to one structured `.npy`, for fast repeated evaluation.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Convert CSV, .npy, Parquet or Arrow inputs into one .npy file, compressed by its extension.",
        discussion: """
            The output keeps the label and prediction columns (chosen as for eval). Inputs are named as for \
            eval: files, directories, quoted glob patterns, --files-from lists. Integral label columns (true/false \
            words too) become the smallest integer field that holds them; prediction columns become float64 (--dtype f8, \
            exact: evaluating the output gives the same bits as evaluating the inputs) or float32 (--dtype f4). \
            The output is compressed by its extension: .npy, .npy.zst or .npy.lz4. It is written to a temporary \
            file and renamed into place, so it is never seen half-written.

            Example:
              xstream convert --pred pred shards/*.csv.zst -o eval.npy.zst
            """
    )

    @OptionGroup(title: "Inputs")
    var input: InputOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("The .npy, .npy.zst or .npy.lz4 file to write.", valueName: "file"))
    var output: String

    @OptionGroup(title: "Invalid rows")
    var invalidRows: InvalidRowOptions

    @OptionGroup(title: "Columns")
    var columns: ColumnOptions

    @Option(help: ArgumentHelp("Element type of the prediction columns: f8 (exact) or f4.", valueName: "type"))
    var dtype: ConversionOptions.PredictionType = .float64

    @Option(help: ArgumentHelp("Compression level. (default: 3 for zstd, 1 for lz4)", valueName: "n"))
    var level: Int?

    func validate() throws {
        guard Conversion.codec(forOutput: output) != nil else {
            throw ValidationError("--output must end in .npy, .npy.zst or .npy.lz4")
        }
        if let level, !(0...19).contains(level) { throw ValidationError("--level must be in 0...19") }
    }

    func run() throws {
        try OutputFile.checkWritable(output)
        var options = ConversionOptions(
            columns: columns.selection, delimiter: columns.delimiterByte, predictionType: dtype, level: level)
        options.skipInvalid = invalidRows.skips
        options.maxInvalid = invalidRows.limit
        options.repeatedHeaders = invalidRows.repeatedHeaders
        let summary = try Conversion.run(inputs: input.sources(), output: output, options: options)
        let fields = summary.fields.map { "\($0.name) \($0.type)" }.joined(separator: ", ")
        Standard.output("wrote \(output): \(summary.rows) records (\(fields)), \(summary.codec.rawValue)\n")
        for summary in summary.invalidBreakdown {
            Standard.output(
                "skipped \(summary.count) invalid rows (\(summary.reason.rawValue)), first: \(summary.examples[0].message)\n"
            )
        }
    }
}
