extension ReportRenderer {
    /// Slices listed in full up to this many; beyond, the first and last half of it, the rest counted.
    static let listedSlices = 40

    /// The slices section of the table: one line per slice (key, rows, weight sum, metrics), sorted by key.
    static func sliceLines(_ slices: [SliceReport]) -> [String] {
        guard let first = slices.first else { return ["  slices: none"] }
        let header =
            first.key.map(\.column) + ["rows"] + (first.weightSum == nil ? [] : ["weight_sum"])
            + first.metrics.entries.map(\.name.rawValue)
        func row(_ slice: SliceReport) -> [String] {
            slice.key.map(\.value) + [String(slice.rows)] + (slice.weightSum.map { [exact($0)] } ?? [])
                + slice.metrics.entries.map { exact($0.value) }
        }
        var rows = slices.map(row)
        if rows.count > listedSlices {
            let hidden = rows.count - listedSlices
            rows =
                Array(rows.prefix(listedSlices / 2)) + [["… \(hidden) more slices"]]
                + Array(rows.suffix(listedSlices / 2))
        }
        return ["slices (\(slices.count))"] + layout([header] + rows, rightAligned: [])
    }

    /// The slice gates: each condition, how many slices met it (the first few named), and the verdict.
    static func sliceGateLines(_ gates: [SliceGateOutcome]) -> [String] {
        var lines = ["slice gates"]
        for gate in gates {
            let names = gate.failedSlices.prefix(10).map { "\($0.key) (\(exact($0.observed)))" }
            let more = gate.failedSlices.count > 10 ? ", … \(gate.failedSlices.count - 10) more" : ""
            let verdict = gate.failed ? "FAILED in \(gate.failedSlices.count) slice(s): " : "ok"
            lines.append(
                "  fail if any slice (rows >= \(gate.minRows)) has \(gate.expression): \(verdict)"
                    + names.joined(separator: ", ") + more)
        }
        return lines
    }
}
