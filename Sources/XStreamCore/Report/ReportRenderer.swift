/// Turns an ``EvaluationResult`` into the two report forms: a JSON object for machines, a table for people.
public enum ReportRenderer {
    /// The JSON report. Keys: `xstream_version`, `task`, `eps`, `sum_tolerance`, `threads`, `rows`,
    /// `invalid_rows`, `metrics`, `invalid_breakdown`, `inputs`, `elapsed_seconds`, `rows_per_second`,
    /// `peak_rss_bytes` (null where unknown), and `gates` / `baseline` / `passed` when there are gates.
    public static func json(_ result: EvaluationResult, gates: GateReport? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("xstream_version", .string(XStreamVersion.current)),
            ("task", .string(result.settings.task.rawValue)),
            ("eps", .double(result.settings.epsilon)),
            ("sum_tolerance", .double(result.settings.sumTolerance)),
            ("threads", .int(result.threads)),
            ("rows", .int(result.rows)),
            ("invalid_rows", .int(result.invalidRows)),
            ("metrics", .object(result.metrics.map { ($0.name, .double($0.value)) })),
            (
                "invalid_breakdown",
                .array(
                    result.invalidBreakdown.map { summary in
                        .object([
                            ("reason", .string(summary.reason.rawValue)), ("count", .int(summary.count)),
                            ("examples", .array(summary.examples.map(JSONValue.string))),
                        ])
                    })
            ),
            (
                "inputs",
                .array(
                    result.inputs.map { input in
                        .object([
                            ("path", .string(input.path)), ("format", input.format.map(JSONValue.string) ?? .null),
                            ("codec", .string(input.codec.rawValue)), ("rows", .int(input.rows)),
                            ("invalid_rows", .int(input.invalidRows)),
                            ("compressed_bytes", .int(input.compressedBytes)),
                            ("decompressed_bytes", .int(input.decompressedBytes)),
                        ])
                    })
            ),
            ("elapsed_seconds", .double(result.elapsedSeconds)),
            ("rows_per_second", .double(rate(Double(result.rows), result.elapsedSeconds))),
            ("peak_rss_bytes", result.peakResidentBytes.map(JSONValue.int) ?? .null),
        ]
        if let gates { members += gates.jsonMembers }
        return .object(members)
    }

    /// The human-readable report.
    public static func table(_ result: EvaluationResult, gates: GateReport? = nil) -> String {
        var lines: [String] = []
        let task = result.settings.task
        lines.append(
            "xstream \(XStreamVersion.current) · \(task.rawValue) task · \(result.inputs.count) input(s) · \(result.threads) thread(s)"
        )
        lines.append("")
        let metricRows =
            result.metrics.map { [$0.name, JSONValue.number($0.value).replacingQuotes()] }
            + [["rows", String(result.rows)], ["invalid_rows", String(result.invalidRows)]]
        lines += layout([["metric", "value"]] + metricRows, rightAligned: [])
        if !result.invalidBreakdown.isEmpty {
            lines.append("")
            lines.append("invalid rows skipped")
            for summary in result.invalidBreakdown {
                lines.append("  \(summary.reason.rawValue): \(summary.count)")
                for example in summary.examples { lines.append("    \(example)") }
            }
        }
        lines.append("")
        let inputRows = result.inputs.map { input in
            [
                input.path, input.format ?? "empty", input.codec.rawValue, String(input.rows),
                String(input.invalidRows),
                String(input.compressedBytes), String(input.decompressedBytes),
            ]
        }
        lines += layout(
            [["input", "format", "codec", "rows", "invalid", "compressed bytes", "decompressed bytes"]] + inputRows,
            rightAligned: [3, 4, 5, 6])
        if let gates {
            lines.append("")
            lines += gates.tableLines
        }
        lines.append("")
        let compressed = Double(result.inputs.reduce(0) { $0 + $1.compressedBytes })
        let decompressed = Double(result.inputs.reduce(0) { $0 + $1.decompressedBytes })
        let seconds = result.elapsedSeconds
        let memory = result.peakResidentBytes.map { " · peak memory \(fixed(Double($0) / 1e6, 1)) MB" } ?? ""
        lines.append(
            "elapsed \(fixed(seconds, 3)) s · \(fixed(rate(Double(result.rows), seconds) / 1e6, 2)) M rows/s · \(fixed(rate(compressed, seconds) / 1e6, 1)) MB/s compressed · \(fixed(rate(decompressed, seconds) / 1e6, 1)) MB/s decompressed\(memory)"
        )
        return lines.joined(separator: "\n") + "\n"
    }

    private static func rate(_ amount: Double, _ seconds: Double) -> Double { seconds > 0 ? amount / seconds : 0 }

    /// `value` with `digits` decimals (at most 15), for display (reports keep full precision).
    ///
    /// Defined for every double: a value whose scaled magnitude reaches 2^53 (where decimals say nothing
    /// more) is written in its shortest round-trip form, as are NaN and the infinities; a value that rounds to
    /// zero is written without a sign.
    public static func fixed(_ value: Double, _ digits: Int) -> String {
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
    fileprivate func replacingQuotes() -> String { filter { $0 != "\"" } }

    fileprivate func trimmingTrailingSpaces() -> String {
        var text = Substring(self)
        while text.last == " " { text.removeLast() }
        return String(text)
    }
}
