/// A comparison in a quality gate.
public enum ComparisonOperator: String, Sendable, CaseIterable {
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="

    /// Whether `observed OP threshold` holds.
    public func holds(_ observed: Double, _ threshold: Double) -> Bool {
        switch self {
        case .less: observed < threshold
        case .lessOrEqual: observed <= threshold
        case .greater: observed > threshold
        case .greaterOrEqual: observed >= threshold
        }
    }
}

/// `--fail-if "METRIC OP VALUE"`: the build fails when the condition holds.
public struct Threshold: Sendable, Equatable {
    /// A metric of the report, or `rows` / `invalid_rows`.
    public var metric: String
    public var comparison: ComparisonOperator
    public var value: Double

    /// Parses `METRIC OP VALUE`, with or without spaces (`mae<0.3`, `cross_entropy >= 0.7`).
    public init?(_ text: String) {
        let characters = Array(text)
        guard let start = characters.firstIndex(where: { "<>".contains($0) }) else { return nil }
        let hasEquals = start + 1 < characters.count && characters[start + 1] == "="
        let symbol = String(characters[start...(hasEquals ? start + 1 : start)])
        let metric = String(characters[..<start]).trimmingSpaces()
        let number = String(characters[(start + symbol.count)...]).trimmingSpaces()
        guard let comparison = ComparisonOperator(rawValue: symbol), !metric.isEmpty, let value = Double(number),
            !value.isNaN
        else { return nil }
        self.metric = metric
        self.comparison = comparison
        self.value = value
    }

    /// The condition as written back, e.g. `mae > 0.3`.
    public var expression: String { "\(metric) \(comparison.rawValue) \(value.shortDescription)" }
}

/// `--max-increase METRIC=X` / `--max-decrease METRIC=X` against a baseline report.
public struct BaselineLimit: Sendable, Equatable {
    /// Which way the metric may not move by more than the amount.
    public enum Direction: String, Sendable { case increase, decrease }
    /// An absolute amount, or a percentage of |baseline value|.
    public enum Amount: Sendable, Equatable {
        case absolute(Double)
        case percent(Double)
    }

    public var metric: String
    public var direction: Direction
    public var amount: Amount

    /// Parses `METRIC=X` or `METRIC=X%`.
    public init?(_ text: String, direction: Direction) {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        metric = parts[0]
        self.direction = direction
        if parts[1].hasSuffix("%") {
            guard let value = Double(parts[1].dropLast()), value >= 0, value.isFinite else { return nil }
            amount = .percent(value)
        } else {
            guard let value = Double(parts[1]), value >= 0, value.isFinite else { return nil }
            amount = .absolute(value)
        }
    }

    /// The limit as written, e.g. `max increase 0.5%`.
    public var summary: String {
        switch amount {
        case .absolute(let value): "max \(direction.rawValue) \(value.shortDescription)"
        case .percent(let value): "max \(direction.rawValue) \(value.shortDescription)%"
        }
    }
}

/// The outcome of every gate of a run.
public struct GateReport: Sendable {
    /// One `--fail-if` condition and what was observed.
    public struct ThresholdOutcome: Sendable {
        public var threshold: Threshold
        public var observed: Double
        /// True when the condition holds, which fails the build.
        public var failed: Bool
    }

    /// One baseline limit and what was observed.
    public struct BaselineOutcome: Sendable {
        public var limit: BaselineLimit
        public var old: Double
        public var new: Double
        /// new − old.
        public var change: Double
        /// (new − old) / |old|, in percent; nil when old is 0.
        public var relativeChangePercent: Double?
        public var failed: Bool
    }

    public var thresholds: [ThresholdOutcome]
    public var baselinePath: String?
    public var baseline: [BaselineOutcome]

    /// True when any gate failed.
    public var failed: Bool { thresholds.contains(where: \.failed) || baseline.contains(where: \.failed) }

    /// The metric names a gate may name for `task`.
    public static func gateableMetrics(for task: Task) -> [String] { task.metricNames + ["rows", "invalid_rows"] }

    /// Checks that every gate names a metric the task produces.
    /// - Throws: ``XStreamError`` (`usage`) naming the unknown metric and the known ones.
    public static func validate(thresholds: [Threshold], limits: [BaselineLimit], task: Task) throws {
        let known = gateableMetrics(for: task)
        for metric in thresholds.map(\.metric) + limits.map(\.metric) where !known.contains(metric) {
            throw XStreamError(
                .usage,
                "the \(task.rawValue) task has no metric \"\(EscapedText.printable(metric))\"; gates can name \(known.joined(separator: ", "))"
            )
        }
    }

    /// Evaluates the gates against a result.
    /// - Parameters:
    ///   - result: The evaluation.
    ///   - thresholds: `--fail-if` conditions.
    ///   - limits: Baseline limits; they need `baseline`.
    ///   - baseline: An earlier JSON report and its path.
    /// - Throws: ``XStreamError`` (`invalidBaseline`) when the baseline is of another task or lacks a metric.
    public static func evaluate(
        _ result: EvaluationResult, thresholds: [Threshold], limits: [BaselineLimit],
        baseline: (path: String, report: JSONValue)?
    ) throws -> GateReport {
        let thresholdOutcomes = thresholds.map { threshold in
            let observed = result.value(of: threshold.metric) ?? .nan
            return ThresholdOutcome(
                threshold: threshold, observed: observed, failed: threshold.comparison.holds(observed, threshold.value))
        }
        var baselineOutcomes: [BaselineOutcome] = []
        if let (path, report) = baseline {
            let task = result.settings.task.rawValue
            guard case .string(let baselineTask) = report["task"] ?? .null else {
                throw XStreamError(.invalidBaseline, "\(path): not an xstream JSON report (no \"task\")")
            }
            guard baselineTask == task else {
                throw XStreamError(
                    .invalidBaseline,
                    "\(path): the baseline is a \(EscapedText.printable(baselineTask)) report, this run is \(task)")
            }
            for limit in limits {
                let stored =
                    ["rows", "invalid_rows"].contains(limit.metric)
                    ? report[limit.metric] : report["metrics"]?[limit.metric]
                guard let old = stored?.doubleValue else {
                    throw XStreamError(
                        .invalidBaseline,
                        "\(path): the baseline has no metric \"\(EscapedText.printable(limit.metric))\"")
                }
                let new = result.value(of: limit.metric) ?? .nan
                let change = new - old
                let relative = old != 0 ? change / abs(old) * 100 : nil
                let moved = limit.direction == .increase ? change : -change
                let failed: Bool
                switch limit.amount {
                case .absolute(let amount): failed = !(moved <= amount)
                case .percent(let amount):
                    failed = old == 0 ? moved > 0 : !(moved / abs(old) * 100 <= amount)
                }
                baselineOutcomes.append(
                    BaselineOutcome(
                        limit: limit, old: old, new: new, change: change, relativeChangePercent: relative,
                        failed: failed))
            }
        }
        return GateReport(thresholds: thresholdOutcomes, baselinePath: baseline?.path, baseline: baselineOutcomes)
    }

    var jsonMembers: [(String, JSONValue)] {
        var members: [(String, JSONValue)] = [
            (
                "gates",
                .array(
                    thresholds.map { outcome in
                        .object([
                            ("expression", .string(outcome.threshold.expression)),
                            ("metric", .string(outcome.threshold.metric)),
                            ("operator", .string(outcome.threshold.comparison.rawValue)),
                            ("observed", .double(outcome.observed)), ("threshold", .double(outcome.threshold.value)),
                            ("failed", .bool(outcome.failed)),
                        ])
                    })
            )
        ]
        if let baselinePath {
            members.append(
                (
                    "baseline",
                    .object([
                        ("path", .string(baselinePath)),
                        (
                            "comparisons",
                            .array(
                                baseline.map { outcome in
                                    .object([
                                        ("metric", .string(outcome.limit.metric)),
                                        ("limit", .string(outcome.limit.summary)),
                                        ("old", .double(outcome.old)), ("new", .double(outcome.new)),
                                        ("change", .double(outcome.change)),
                                        (
                                            "relative_change_percent",
                                            outcome.relativeChangePercent.map(JSONValue.double) ?? .null
                                        ),
                                        ("failed", .bool(outcome.failed)),
                                    ])
                                })
                        ),
                    ])
                ))
        }
        members.append(("passed", .bool(!failed)))
        return members
    }

    var tableLines: [String] {
        var rows: [[String]] = [["gate", "observed", "result"]]
        for outcome in thresholds {
            rows.append([
                "fail if \(outcome.threshold.expression)", JSONValue.number(outcome.observed),
                outcome.failed ? "FAILED" : "ok",
            ])
        }
        for outcome in baseline {
            let relative = outcome.relativeChangePercent.map { " (\(ReportRenderer.fixed($0, 3))%)" } ?? ""
            rows.append([
                "\(outcome.limit.metric) \(outcome.limit.summary) vs baseline",
                "\(JSONValue.number(outcome.old)) → \(JSONValue.number(outcome.new)), change \(JSONValue.number(outcome.change))\(relative)",
                outcome.failed ? "FAILED" : "ok",
            ])
        }
        return ReportRenderer.layout(rows, rightAligned: []) + ["  gates: \(failed ? "FAILED" : "passed")"]
    }
}
