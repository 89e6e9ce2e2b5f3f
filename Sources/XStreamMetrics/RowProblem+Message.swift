import XStreamFormats

extension RowProblem {
    /// The message for this problem, naming the column by its slot.
    func message(slotNames: [String], settings: EvaluationSettings, predictionCount: Int) -> String {
        let column = slot >= 0 ? "column \"\(slotNames[slot])\": " : ""
        switch reason {
        case .probabilityOutOfRange:
            return "\(column)\(value.shortDescription) is not a probability (expected a value in [0, 1])"
        case .labelOutOfRange:
            return "\(column)\(value.shortDescription) is outside [0, 1] (expected a label in [0, 1])"
        case .invalidClassIndex:
            return
                "\(column)\(value.shortDescription) is not a class index (expected an integer in [0, \(predictionCount)))"
        case .probabilitySum:
            return
                "the predicted probabilities sum to \(value.shortDescription), more than \(settings.sumTolerance.shortDescription) away from 1 (logits instead of probabilities?)"
        case .targetSum:
            return
                "the target probabilities sum to \(value.shortDescription), more than \(settings.sumTolerance.shortDescription) away from 1"
        case .softLabel:
            return
                "\(column)\(value.shortDescription) is not 0 or 1 (the ROC AUC and average precision need hard labels)"
        case .invalidWeight:
            return "weight \(column)\(value.shortDescription) is not a weight (expected a finite number >= 0)"
        case .nonFinite:
            return "\(column)\(value.shortDescription) is not a finite number"
        case .notANumber, .fieldCount, .malformedQuote, .repeatedHeader, .null:
            return "\(column)invalid row"
        }
    }
}
