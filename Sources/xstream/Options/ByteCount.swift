import ArgumentParser

/// A size in bytes, written as a number with an optional K, M or G suffix (powers of 1024).
struct ByteCount: ExpressibleByArgument, CustomStringConvertible {
    var bytes: Int

    init(_ bytes: Int) { self.bytes = bytes }

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var text = Substring(argument.uppercased())
        if text.hasSuffix("IB") { text = text.dropLast(2) } else if text.hasSuffix("B") { text = text.dropLast() }
        var scale = 1
        if let last = text.last, let unit = units[last] {
            scale = unit
            text = text.dropLast()
        }
        guard let value = Int(text), value > 0, value <= (1 << 40) / scale else { return nil }
        bytes = value * scale
    }

    var description: String {
        for (suffix, unit) in [("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10)] where bytes % unit == 0 {
            return "\(bytes / unit)\(suffix)"
        }
        return String(bytes)
    }

    var defaultValueDescription: String { description }
}
