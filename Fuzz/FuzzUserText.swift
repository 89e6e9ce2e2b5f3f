// libFuzzer target over the text a user hands xstream besides the data: the JSON reader and typed decoder used
// for baselines, the gate expressions (--fail-if, --max-increase, --max-decrease), --max-invalid, and gates
// evaluated against a decoded baseline (any settings, compared anyway) and rendered as table and JSON.
// The whole input is read as a baseline report; each of its lines is also read as every kind of expression.
// Built against the core's modules and the CLI's parsers by `scripts/fuzz user-text`; any crash, sanitizer
// report, hang or runaway allocation is a finding, and so is a rendered report that does not read back.

import XStreamCore

/// One small evaluation per task, made once: the reports the gates are evaluated against.
private let reports: [EvaluationReport] = {
    let samples: [(PredictionTask, String, [String])] = [
        (.binary, "label,pred\n1,0.9\n0,0.2\n", ["pred"]), (.regression, "label,pred\n1.5,2\n-3,4e10\n", ["pred"]),
        (.multiclass, "label,p0,p1\n1,0.25,0.75\n", ["p0", "p1"]),
        (.soft, "t0,t1,q0,q1\n0.5,0.5,0.1,0.9\n", ["q0", "q1"]),
    ]
    return samples.map { task, text, predictions in
        let labels = task == .soft ? ["t0", "t1"] : ["label"]
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: task),
            columns: ColumnSelection(labels: labels, predictions: predictions), threads: 1)
        let input = InputSource.bytes(Array(text.utf8), name: "sample.csv")
        return EvaluationReport(try! Evaluation(inputs: [input], options: options).run())
    }
}()

/// Every double in a JSON value, for display at a few precisions.
private func doubles(in value: JSONValue) -> [Double] {
    switch value {
    case .array(let items): items.flatMap(doubles)
    case .object(let members): members.flatMap { doubles(in: $0.1) }
    default: value.doubleValue.map { [$0] } ?? []
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzUserText(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let baseline = try? EvaluationReport(json: text, name: "baseline.json")
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    for line in lines {
        if let limit = GateExpression.invalidRowLimit(line) {
            for (invalid, valid) in [(0, 0), (1, 0), (3, 4), (Int.max / 2, Int.max / 2)] {
                _ = try? limit.enforce(invalid: invalid, valid: valid)
            }
        }
    }
    for value in (try? JSONValue.parse(text)).map(doubles) ?? [] {
        for digits in [0, 1, 3, 20] { _ = ReportRenderer.fixed(value, digits) }
    }
    for report in reports {
        let task = report.task
        let thresholds = lines.compactMap(GateExpression.threshold).compactMap { name, comparison, value in
            (try? GateQuantity(named: name, for: task)).map { Threshold($0, comparison, value) }
        }
        // Every quantity of the task in both directions, absolute and relative, besides the parsed limits.
        var limits = lines.compactMap(GateExpression.limit).compactMap { name, amount in
            (try? GateQuantity(named: name, for: task)).map { BaselineLimit($0, .increase, amount) }
        }
        for quantity in GateQuantity.all(for: task) {
            for direction in [BaselineLimit.Direction.increase, .decrease] {
                for amount in [BaselineLimit.Amount.absolute(0), .absolute(0.5), .percent(1)] {
                    limits.append(BaselineLimit(quantity, direction, amount))
                }
            }
        }
        var gated = report
        gated.gates = try? GateOutcomes.evaluate(
            report, thresholds: thresholds, limits: baseline == nil ? [] : limits,
            baseline: Baseline(path: "baseline.json", report: baseline, mismatchPolicy: .warn))
        let json = gated.jsonText()
        precondition((try? EvaluationReport(json: json, name: "r.json")) != nil, "the report does not read back")
        _ = ReportRenderer.table(gated)
    }
    return 0
}
