// libFuzzer target over the text a user hands xstream besides the data: the JSON reader used for baselines,
// the gate expressions (--fail-if, --max-increase, --max-decrease), --max-invalid, and gates evaluated
// against a parsed baseline and rendered as table and JSON.
// The whole input is read as a baseline report; each of its lines is also read as every kind of expression.
// Built together with XStreamCore's sources by `scripts/fuzz user-text`; any crash, sanitizer report, hang
// or runaway allocation is a finding, and so is a rendered report that does not read back as JSON.

#if canImport(Glibc)
    import Glibc
#endif

/// One small evaluation per task, made once: the results the gates are evaluated against.
private let results: [EvaluationResult] = {
    let samples: [(Task, String, String)] = [
        (.binary, "label,pred\n1,0.9\n0,0.2\n", "pred"), (.regression, "label,pred\n1.5,2\n-3,4e10\n", "pred"),
        (.multiclass, "label,p0,p1\n1,0.25,0.75\n", "p0,p1"), (.soft, "t0,t1,q0,q1\n0.5,0.5,0.1,0.9\n", "q0,q1"),
    ]
    return samples.map { task, text, predictions in
        let path = "/dev/shm/xstream-fuzz-user-text-\(getpid()).csv"
        let file = fopen(path, "w")!
        fputs(text, file)
        fclose(file)
        defer { unlink(path) }
        let labels = task == .soft ? ["t0", "t1"] : ["label"]
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: task),
            columns: ColumnSelection(labels: labels, predictions: ColumnSelection.names(fromList: predictions)),
            threads: 1)
        return try! Evaluation(paths: [path], options: options).run()
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
    let baseline = try? JSONValue.parse(text)
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    var thresholds: [Threshold] = []
    var limits: [BaselineLimit] = []
    for line in lines {
        if let threshold = Threshold(line) { thresholds.append(threshold) }
        for direction in [BaselineLimit.Direction.increase, .decrease] {
            if let limit = BaselineLimit(line, direction: direction) { limits.append(limit) }
        }
        if let limit = InvalidRowLimit(line) {
            for (invalid, total) in [(0, 0), (1, 1), (3, 7), (Int.max, Int.max)] {
                _ = limit.isExceeded(invalid: invalid, total: total)
            }
            _ = limit.description
        }
    }
    for value in baseline.map(doubles) ?? [] {
        for digits in [0, 1, 3, 20] { _ = ReportRenderer.fixed(value, digits) }
    }
    for result in results {
        // Every metric of the task in both directions, absolute and relative, besides the parsed limits.
        var allLimits = limits
        for metric in GateReport.gateableMetrics(for: result.settings.task) {
            for direction in [BaselineLimit.Direction.increase, .decrease] {
                for amount in ["0", "0.5", "1%"] {
                    allLimits += BaselineLimit("\(metric)=\(amount)", direction: direction).map { [$0] } ?? []
                }
            }
        }
        let gates = try? GateReport.evaluate(
            result, thresholds: thresholds, limits: baseline == nil ? [] : allLimits,
            baseline: baseline.map { (path: "baseline.json", report: $0) })
        let json = ReportRenderer.json(result, gates: gates).serialized()
        precondition((try? JSONValue.parse(json)) != nil, "the rendered report does not read back as JSON")
        _ = ReportRenderer.table(result, gates: gates)
    }
    return 0
}
