import ArgumentParser
import XStreamCore

extension PredictionTask: ExpressibleByArgument {}

/// The task and what makes a row valid for it.
struct ValidityOptions: ParsableArguments {
    @Option(help: ArgumentHelp("What the predictions are.", valueName: "task"))
    var task: PredictionTask = .binary

    @Option(
        help: ArgumentHelp(
            "Probabilities are clipped to [eps, 1-eps] before the log; 0 allowed (a log of 0 is then an infinite loss).",
            valueName: "eps"))
    var eps: Double = EvaluationSettings.defaultEpsilon

    @Option(
        help: ArgumentHelp(
            "Largest accepted |sum - 1| of a multiclass or soft probability row.", valueName: "tolerance"))
    var sumTolerance: Double = EvaluationSettings.defaultSumTolerance

    var settings: EvaluationSettings {
        EvaluationSettings(task: task, epsilon: eps, sumTolerance: sumTolerance)
    }

    func validate() throws {
        guard eps >= 0, eps < 0.5 else { throw ValidationError("--eps must be in [0, 0.5)") }
        guard sumTolerance >= 0, sumTolerance.isFinite else {
            throw ValidationError("--sum-tolerance must be a finite number >= 0")
        }
    }
}
