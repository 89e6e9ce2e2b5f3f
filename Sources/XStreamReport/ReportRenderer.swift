import XStreamEngine
import XStreamFormats
import XStreamMetrics

/// Draws an ``EvaluationReport`` as the table people read (the JSON form is ``EvaluationReport/jsonText()``).
public enum ReportRenderer {
    /// Inputs listed one by one in the table unless every one is asked for; the JSON always lists all.
    public static let listedInputs = 20

    /// The human-readable report: metrics at full precision, invalid rows, inputs, gates, and throughput.
    /// - Parameters:
    ///   - report: The report.
    ///   - allInputs: List every input, however many; otherwise more than ``listedInputs`` are summarized.
    public static func table(_ report: EvaluationReport, allInputs: Bool = false) -> String {
        var lines: [String] = []
        lines.append(
            "xstream \(report.xstreamVersion) · \(report.task.rawValue) task · \(report.inputs.count) input(s) · \(report.threads) thread(s)"
        )
        if let columns = report.columns {
            let list = { (names: [String]) in names.joined(separator: ", ") }
            let format = report.predictionFormat == .logit ? " (logits)" : ""
            let weight = report.weightColumn.map { " · weights: \($0)" } ?? ""
            lines.append(
                "labels: \(list(columns.labels)) · predictions: \(list(columns.predictions))\(format)\(weight)")
        }
        lines.append("")
        let metricRows =
            report.metrics.entries.map { [$0.name.rawValue, exact($0.value)] }
            + [["rows", String(report.rows)], ["invalid_rows", String(report.invalidRows)]]
            + (report.weightSum.map { [["weight_sum", exact($0)]] } ?? [])
        lines += layout([["metric", "value"]] + metricRows, rightAligned: [])
        if !report.invalidBreakdown.isEmpty {
            lines.append("")
            lines.append("invalid rows skipped")
            for summary in report.invalidBreakdown {
                lines.append("  \(summary.reason.rawValue): \(summary.count)")
                for example in summary.examples { lines.append("    \(example.message)") }
            }
        }
        lines.append("")
        let row = { (input: InputSummary) in
            [
                input.path, input.format ?? "empty", input.codec.rawValue, String(input.rows),
                String(input.invalidRows), String(input.compressedBytes), String(input.decompressedBytes),
            ]
        }
        var inputRows = report.inputs.map(row)
        if !allInputs, report.inputs.count > listedInputs {
            // The first and last few, and the rest summed in one line.
            let hidden = report.inputs[(listedInputs / 2)..<(report.inputs.count - listedInputs / 2)]
            func sum(_ value: KeyPath<InputSummary, Int>) -> String {
                String(hidden.reduce(0) { $0 + $1[keyPath: value] })
            }
            let summary: [String] = [
                "… \(hidden.count) more inputs", "", "", sum(\.rows), sum(\.invalidRows), sum(\.compressedBytes),
                sum(\.decompressedBytes),
            ]
            inputRows =
                Array(inputRows.prefix(listedInputs / 2)) + [summary] + Array(inputRows.suffix(listedInputs / 2))
        }
        lines += layout(
            [["input", "format", "codec", "rows", "invalid", "compressed bytes", "decompressed bytes"]] + inputRows,
            rightAligned: [3, 4, 5, 6])
        if let slices = report.slices {
            lines.append("")
            lines += sliceLines(slices)
        }
        if let gates = report.gates {
            lines.append("")
            lines += gateLines(gates)
        }
        if let sliceGates = report.sliceGates {
            lines.append("")
            lines += sliceGateLines(sliceGates)
        }
        lines.append("")
        let compressed = Double(report.inputs.reduce(0) { $0 + $1.compressedBytes })
        let decompressed = Double(report.inputs.reduce(0) { $0 + $1.decompressedBytes })
        let seconds = report.elapsedSeconds
        let memory = report.peakResidentBytes.map { " · peak memory \(fixed(Double($0) / 1e6, 1)) MB" } ?? ""
        lines.append(
            "elapsed \(fixed(seconds, 3)) s · \(fixed(report.rowsPerSecond / 1e6, 2)) M rows/s · \(fixed(rate(compressed, seconds) / 1e6, 1)) MB/s compressed · \(fixed(rate(decompressed, seconds) / 1e6, 1)) MB/s decompressed\(memory)"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    private static func rate(_ amount: Double, _ seconds: Double) -> Double { seconds > 0 ? amount / seconds : 0 }

    /// `value` at full precision, as the JSON report writes it but without quotes (`0.1`, `NaN`, `Infinity`).
    static func exact(_ value: Double) -> String { JSONValue.number(value).filter { $0 != "\"" } }

    /// `value` with `digits` decimals (at most 15), for display (reports keep full precision).
    ///
    /// Defined for every double: a value whose scaled magnitude reaches 2^53 (where decimals say nothing
    /// more) is written in its shortest round-trip form, as are NaN and the infinities; a value that rounds to
    /// zero is written without a sign.
    package static func fixed(_ value: Double, _ digits: Int) -> String {
        guard value.isFinite else { return value.description }
        let digits = min(max(digits, 0), 15)
        var scale = 1
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * Double(scale)).rounded()
        guard scaled < 0x1p53 else { return value.description }
        let units = Int(scaled)
        let text = String(units % scale)
        let sign = value < 0 && units > 0 ? "-" : ""
        return digits == 0
            ? "\(sign)\(units)"
            : "\(sign)\(units / scale).\(String(repeating: "0", count: digits - text.count))\(text)"
    }

    /// Lays out rows as aligned columns, two spaces apart, indented by two spaces.
    static func layout(_ rows: [[String]], rightAligned: Set<Int>) -> [String] {
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
            rows.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0
        }
        return rows.map { row in
            let cells = row.enumerated().map { column, cell in
                let padding = String(repeating: " ", count: widths[column] - cell.count)
                return rightAligned.contains(column) ? padding + cell : cell + padding
            }
            return "  " + cells.joined(separator: "  ").trimmingTrailingSpaces()
        }
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
