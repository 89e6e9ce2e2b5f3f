#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal text to the nearest double, correctly rounded, straight from bytes.
///
/// Accepted: an optional sign, digits with an optional decimal point (`.5` and `5.` included), and an
/// optional exponent (`1e5`, `1E+05`). Not accepted: hexadecimal, `inf`, `nan`, digit separators,
/// surrounding spaces (the caller skips those).
///
/// Most numbers written by data tools have at most 19 significant digits and a small decimal exponent;
/// those whose digits fit in 53 bits and whose exponent is within ±22 are exact after one IEEE
/// multiplication or division (Clinger's fast path). Everything else goes to the C library's `strtod`,
/// which glibc implements with correct rounding.
enum DecimalParser {
    private static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the longest number at `start`.
    ///
    /// Buffer contract: the bytes after `start` must contain a byte that cannot continue a number
    /// (a delimiter, quote or newline) before the buffer ends; chunks always end with a newline.
    /// - Returns: the value and the first byte after the number, or nil when no number starts at `start`
    ///   (including a dangling exponent such as `1e`).
    @inline(__always)
    static func parse(_ start: UnsafePointer<UInt8>) -> (value: Double, end: UnsafePointer<UInt8>)? {
        var cursor = start
        var isNegative = false
        if cursor.pointee == UInt8(ascii: "-") {
            isNegative = true
            cursor += 1
        } else if cursor.pointee == UInt8(ascii: "+") {
            cursor += 1
        }
        var mantissa: UInt64 = 0
        var significantDigits = 0
        var decimalExponent = 0
        var sawDigit = false
        var exceedsFastPath = false
        while case let digit = cursor.pointee &- UInt8(ascii: "0"), digit < 10 {
            sawDigit = true
            if significantDigits < 19 {
                mantissa = mantissa &* 10 &+ UInt64(digit)
                if mantissa != 0 { significantDigits += 1 }
            } else {
                exceedsFastPath = true
            }
            cursor += 1
        }
        if cursor.pointee == UInt8(ascii: ".") {
            cursor += 1
            while case let digit = cursor.pointee &- UInt8(ascii: "0"), digit < 10 {
                sawDigit = true
                if significantDigits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    if mantissa != 0 { significantDigits += 1 }
                    decimalExponent -= 1
                } else {
                    exceedsFastPath = true
                }
                cursor += 1
            }
        }
        guard sawDigit else { return nil }
        if cursor.pointee | 0x20 == UInt8(ascii: "e") {
            var exponentCursor = cursor + 1
            var exponentIsNegative = false
            if exponentCursor.pointee == UInt8(ascii: "-") {
                exponentIsNegative = true
                exponentCursor += 1
            } else if exponentCursor.pointee == UInt8(ascii: "+") {
                exponentCursor += 1
            }
            guard exponentCursor.pointee &- UInt8(ascii: "0") < 10 else { return nil }
            var exponent = 0
            while case let digit = exponentCursor.pointee &- UInt8(ascii: "0"), digit < 10 {
                if exponent < 100_000 { exponent = exponent * 10 + Int(digit) }
                exponentCursor += 1
            }
            decimalExponent += exponentIsNegative ? -exponent : exponent
            cursor = exponentCursor
        }
        if mantissa == 0, !exceedsFastPath {
            return (isNegative ? -0.0 : 0.0, cursor)
        }
        if !exceedsFastPath, mantissa <= 1 << 53, decimalExponent >= -22, decimalExponent <= 22 {
            var value = Double(mantissa)
            if decimalExponent < 0 {
                value /= powersOfTen[-decimalExponent]
            } else {
                value *= powersOfTen[decimalExponent]
            }
            return (isNegative ? -value : value, cursor)
        }
        return (slowParse(start, end: cursor), cursor)
    }

    /// `strtod` over a span already validated by ``parse(_:)``; it stops where the span ends.
    private static func slowParse(_ start: UnsafePointer<UInt8>, end: UnsafePointer<UInt8>) -> Double {
        UnsafeRawPointer(start).withMemoryRebound(to: CChar.self, capacity: end - start) { text in
            strtod(text, nil)
        }
    }

    /// Whether `text` spells a non-finite value the way data tools write one (`nan`, `inf`, `-Infinity`, …).
    static func spellsNonFinite(_ text: String) -> Bool {
        var word = Substring(text.lowercased())
        if let first = word.first, first == "+" || first == "-" { word = word.dropFirst() }
        return ["nan", "inf", "infinity"].contains(word)
    }
}
