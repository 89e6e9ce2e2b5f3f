extension ReportRenderer {
    /// The gates section of the table: each condition and limit with what was observed, then the verdict.
    static func gateLines(_ gates: GateOutcomes) -> [String] {
        var rows: [[String]] = [["gate", "observed", "result"]]
        for outcome in gates.thresholds {
            rows.append([
                "fail if \(outcome.expression)", exact(outcome.observed), outcome.failed ? "FAILED" : "ok",
            ])
        }
        for outcome in gates.baseline?.comparisons ?? [] {
            let relative = outcome.relativeChangePercent.map { " (\(fixed($0, 3))%)" } ?? ""
            rows.append([
                "\(outcome.metric) \(outcome.limit) vs baseline",
                "\(exact(outcome.old)) → \(exact(outcome.new)), change \(exact(outcome.change))\(relative)",
                outcome.failed ? "FAILED" : "ok",
            ])
        }
        return layout(rows, rightAligned: []) + ["  gates: \(gates.failed ? "FAILED" : "passed")"]
    }
}
