extension EvaluationReport {
    /// The settings that change the numbers and differ between this report and `other`, in words
    /// (`eps: 0.001 in the baseline, 2.220446049250313e-16 in this run`); empty when they can be compared.
    ///
    /// Compared: the task, eps, the sum tolerance, the prediction format, the weight column, and the label and
    /// prediction columns (when both reports record them). Slice columns are not: they change no top-level
    /// number.
    public func differences(fromBaseline other: EvaluationReport) -> [String] {
        var differences: [String] = []
        func compare(_ what: String, _ old: String, _ new: String) {
            if old != new { differences.append("\(what): \(old) in the baseline, \(new) in this run") }
        }
        compare("task", other.task.rawValue, task.rawValue)
        compare("eps", other.eps.description, eps.description)
        compare("sum tolerance", other.sumTolerance.description, sumTolerance.description)
        compare("pred format", other.predictionFormat.rawValue, predictionFormat.rawValue)
        compare("weight column", other.weightColumn ?? "none", weightColumn ?? "none")
        if let old = other.columns, let new = columns {
            compare("label columns", old.labels.joined(separator: ","), new.labels.joined(separator: ","))
            compare(
                "prediction columns", old.predictions.joined(separator: ","), new.predictions.joined(separator: ","))
        }
        return differences
    }
}
