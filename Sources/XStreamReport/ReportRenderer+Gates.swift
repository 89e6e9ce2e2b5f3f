extension ReportRenderer {
    /// The gates section of the table: each condition and limit with what was observed, then the verdict.
    static func gateLines(_ gates: GateOutcomes) -> [String] {
        var rows: [[String]] = [["gate", "observed", "result"]]
        for outcome in gates.thresholds {
            rows.append([
                "fail if \(outcome.expression)", count(outcome.observed), outcome.failed ? "FAILED" : "ok",
            ])
        }
        for outcome in gates.baseline?.comparisons ?? [] {
            let relative = outcome.relativeChangePercent.map { " (\(fixed($0, 3))%)" } ?? ""
            rows.append([
                "\(outcome.metric) \(outcome.limit) vs baseline",
                "\(count(outcome.old)) → \(count(outcome.new)), change \(count(outcome.change))\(relative)",
                outcome.failed ? "FAILED" : "ok",
            ])
        }
        var notes: [String] = []
        if let baseline = gates.baseline, baseline.missing {
            notes.append("  baseline \(baseline.path) is missing: nothing was compared with it")
        }
        for mismatch in gates.baseline?.mismatches ?? [] {
            notes.append("  baseline differs, compared anyway: \(mismatch)")
        }
        return layout(rows, rightAligned: []) + notes + ["  gates: \(gates.failed ? "FAILED" : "passed")"]
    }

    /// A value at full precision, an integral one without a fraction (`25000`, not `25000.0`).
    private static func count(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 0x1p53 ? String(Int64(value)) : exact(value)
    }
}
