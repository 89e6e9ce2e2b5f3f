import XStreamCore

/// The text forms of quality gates on the command line; no ArgumentParser here, so the fuzz target can reach it.
enum GateExpression {
    /// Parses `METRIC OP VALUE`, with or without spaces (`mae<0.3`, `cross_entropy >= 0.7`).
    /// - Returns: the quantity's name, the comparison and the value; nil when the text is not of that form.
    static func threshold(_ text: String) -> (name: String, comparison: ComparisonOperator, value: Double)? {
        let characters = Array(text)
        guard let start = characters.firstIndex(where: { "<>".contains($0) }) else { return nil }
        let hasEquals = start + 1 < characters.count && characters[start + 1] == "="
        let symbol = String(characters[start...(hasEquals ? start + 1 : start)])
        let name = String(characters[..<start]).trimmingSpaces()
        let number = String(characters[(start + symbol.count)...]).trimmingSpaces()
        guard let comparison = ComparisonOperator(rawValue: symbol), !name.isEmpty, let value = Double(number),
            !value.isNaN
        else { return nil }
        return (name, comparison, value)
    }

    /// Parses `METRIC=X` or `METRIC=X%` (X finite and ≥ 0).
    /// - Returns: the quantity's name and the amount; nil when the text is not of that form.
    static func limit(_ text: String) -> (name: String, amount: BaselineLimit.Amount)? {
        let parts = text.split(separator: "=", maxSplits: 1).map { String($0).trimmingSpaces() }
        guard parts.count == 2, !parts[0].isEmpty else { return nil }
        let isPercent = parts[1].hasSuffix("%")
        guard let value = Double(isPercent ? String(parts[1].dropLast()) : parts[1]), value >= 0, value.isFinite
        else { return nil }
        return (parts[0], isPercent ? .percent(value) : .absolute(value))
    }

    /// Parses `N` or `P%` (a count ≥ 0, or a percentage in [0, 100]).
    static func invalidRowLimit(_ text: String) -> InvalidRowLimit? {
        if text.hasSuffix("%") {
            guard let value = Double(text.dropLast()), value >= 0, value <= 100 else { return nil }
            return .percent(value)
        }
        guard let value = Int(text), value >= 0 else { return nil }
        return .count(value)
    }

    /// Splits a comma-separated list of column names (`label,p0, p1`), trimming spaces around each name.
    static func columnNames(_ list: String) -> [String] {
        list.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() }
    }
}
