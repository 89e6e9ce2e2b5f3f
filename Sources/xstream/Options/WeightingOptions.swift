import ArgumentParser
import XStreamCore

extension PredictionFormat: ExpressibleByArgument {}

/// Sample weights and what the prediction columns hold.
struct WeightingOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Column of per-row sample weights (finite, >= 0): every mean becomes an exact weighted mean.",
            valueName: "column"))
    var weight: String?

    @Option(
        name: .customLong("pred-format"),
        help: ArgumentHelp(
            "What the predictions are: probability, or logit (binary log-odds; K class scores, softmaxed).",
            valueName: "format"))
    var predictionFormat: PredictionFormat = .probability

    /// `settings` and `selection` with these options applied.
    func apply(to settings: EvaluationSettings, _ selection: ColumnSelection) -> (EvaluationSettings, ColumnSelection) {
        var settings = settings
        var selection = selection
        settings.predictionFormat = predictionFormat
        selection.weight = weight
        return (settings, selection)
    }

    func validate() throws {
        if weight == "" { throw ValidationError("--weight needs a column name") }
    }
}
