#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Double {
    /// The C99 hexadecimal form of this double, exact and the same on every platform: `0x1p-52`,
    /// `0x1.0624dd2f1a9fcp-10`, `-0x0.0000000000001p-1022` (subnormal), `0x0p+0`; `inf`, `-inf`, `nan` for
    /// the non-finite values.
    package var hexFloatDescription: String {
        if isNaN { return "nan" }
        if isInfinite { return self < 0 ? "-inf" : "inf" }
        let sign = self.sign == .minus ? "-" : ""
        if self == 0 { return sign + "0x0p+0" }
        let bits = bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        var fraction = bits & 0x000F_FFFF_FFFF_FFFF
        let lead = biased == 0 ? "0" : "1"
        let exponent = biased == 0 ? -1022 : biased - 1023
        var digits = ""
        if fraction != 0 {
            var count = 13
            while fraction & 0xF == 0 {
                fraction >>= 4
                count -= 1
            }
            let hex = String(fraction, radix: 16)
            digits = "." + String(repeating: "0", count: count - hex.count) + hex
        }
        return "\(sign)0x\(lead)\(digits)p\(exponent < 0 ? "-" : "+")\(abs(exponent))"
    }

    /// Reads the form ``hexFloatDescription`` writes (any C99 hexadecimal float text); nil for anything else.
    package init?(hexFloat text: String) {
        switch text {
        case "nan": self = .nan
        case "inf": self = .infinity
        case "-inf": self = -.infinity
        default:
            let body = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
            guard body.hasPrefix("0x"), body.count > 2,
                body.dropFirst(2).allSatisfy({ $0.isHexDigit || $0 == "." || $0 == "p" || $0 == "+" || $0 == "-" })
            else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let value = text.withCString { start in
                let value = strtod(start, &end)
                return end.map { $0 - UnsafeMutablePointer(mutating: start) } == text.utf8.count ? value : nil
            }
            guard let value else { return nil }
            self = value
        }
    }
}
