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
/// multiplication or division (Clinger's fast path), and those with up to 19 digits and an exponent within
/// ±19 (doubles printed in full) are rounded exactly with 128-bit integer arithmetic. Everything else goes
/// to the C library's `strtod`, which glibc implements with correct rounding.
package enum DecimalParser {
    /// Bytes that must be readable after the end of any text handed to ``parse(_:)``: digits are read eight at a time.
    package static let readAhead = 8

    /// 10^k for k in 0...22, all exact doubles (constants, so no table lookup in the hot loop).
    @inline(__always)
    private static func powerOfTen(_ k: Int) -> Double {
        switch k {
        case 0: 1e0
        case 1: 1e1
        case 2: 1e2
        case 3: 1e3
        case 4: 1e4
        case 5: 1e5
        case 6: 1e6
        case 7: 1e7
        case 8: 1e8
        case 9: 1e9
        case 10: 1e10
        case 11: 1e11
        case 12: 1e12
        case 13: 1e13
        case 14: 1e14
        case 15: 1e15
        case 16: 1e16
        case 17: 1e17
        case 18: 1e18
        case 19: 1e19
        case 20: 1e20
        case 21: 1e21
        default: 1e22
        }
    }

    /// 10^k for k in 1...8, the digit counts of one word.
    @inline(__always)
    private static func integerPowerOfTen(_ k: Int) -> UInt64 {
        switch k {
        case 1: 10
        case 2: 100
        case 3: 1000
        case 4: 10000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        default: 100_000_000
        }
    }

    /// 10^k for k in 0...19, every one of which fits a UInt64.
    private static func widePowerOfTen(_ k: Int) -> UInt64 {
        var power: UInt64 = 1
        for _ in 0..<k { power &*= 10 }
        return power
    }

    /// Reads the run of decimal digits at `cursor`, eight bytes at a time, appending them to `mantissa`
    /// (wrapping when there are more than 19; the caller then takes the slow path).
    /// - Returns: how many digits were read.
    @inline(__always)
    private static func appendDigits(_ cursor: inout UnsafePointer<UInt8>, to mantissa: inout UInt64) -> Int {
        var count = 0
        while true {
            let run = appendDigitWord(&cursor, to: &mantissa)
            count += run
            if run < 8 { return count }
        }
    }

    /// The eight bytes at `pointer` as a little-endian word, in one unaligned load (a fixed-size copy, which
    /// the optimizer always inlines, unlike a generic `loadUnaligned` in a large caller).
    @inline(__always)
    static func loadWord(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        var word: UInt64 = 0
        withUnsafeMutableBytes(of: &word) { $0.copyMemory(from: UnsafeRawBufferPointer(start: pointer, count: 8)) }
        return UInt64(littleEndian: word)
    }

    /// Reads the digits among the eight bytes at `cursor`, up to the first non-digit, appending them to
    /// `mantissa`.
    /// - Returns: how many digits were read; 8 when more may follow.
    @inline(__always)
    private static func appendDigitWord(_ cursor: inout UnsafePointer<UInt8>, to mantissa: inout UInt64) -> Int {
        let word = loadWord(cursor)
        // A byte is a digit when its high nibble is 3 and adding 6 keeps it 3; carries only run upward,
        // past the first non-digit, so they cannot change which byte that is.
        let highNibbles = word & 0xF0F0_F0F0_F0F0_F0F0
        let shiftedNibbles = ((word &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0) >> 4
        let nonDigits = (highNibbles | shiftedNibbles) ^ 0x3333_3333_3333_3333
        let run = nonDigits.trailingZeroBitCount >> 3
        if run == 0 { return 0 }
        // Keep the run's digit values, right-aligned as an 8-digit number, and combine them pairwise.
        var value = (word & 0x0F0F_0F0F_0F0F_0F0F) << UInt64(truncatingIfNeeded: (8 - run) * 8)
        value = (value &* 2561) >> 8
        value = ((value & 0x00FF_00FF_00FF_00FF) &* 6_553_601) >> 16
        value = ((value & 0x0000_FFFF_0000_FFFF) &* 42_949_672_960_001) >> 32
        mantissa = mantissa &* integerPowerOfTen(run) &+ value
        cursor += run
        return run
    }

    /// Parses the longest number at `start`.
    ///
    /// Buffer contract: the bytes after `start` must contain a byte that cannot continue a number
    /// (a delimiter, quote or newline), and ``readAhead`` more readable bytes after it; chunks always end
    /// with a newline and chunk buffers carry that padding.
    /// - Returns: the value and the first byte after the number, or nil when no number starts at `start`
    ///   (including a dangling exponent such as `1e`).
    @inline(__always)
    package static func parse(_ start: UnsafePointer<UInt8>) -> (value: Double, end: UnsafePointer<UInt8>)? {
        if let fraction = parseFraction(start) { return fraction }
        return parseAnyForm(start)
    }

    /// ``parse(_:)`` for text that ``parseFraction(_:)`` did not take (it reads any form, but does not try
    /// that one first). Same buffer contract.
    package static func parseAnyForm(_ start: UnsafePointer<UInt8>) -> (value: Double, end: UnsafePointer<UInt8>)? {
        var cursor = start
        var isNegative = false
        if cursor.pointee == UInt8(ascii: "-") {
            isNegative = true
            cursor += 1
        } else if cursor.pointee == UInt8(ascii: "+") {
            cursor += 1
        }
        // Up to 19 digits fit a UInt64 exactly; longer spellings take the slow path.
        var mantissa: UInt64 = 0
        var digits: Int
        if cursor.pointee == UInt8(ascii: "0"), cursor[1] == UInt8(ascii: ".") {
            // "0.…", how probabilities are written: the integer part adds nothing to the mantissa.
            cursor += 1
            digits = 1
        } else {
            digits = appendDigits(&cursor, to: &mantissa)
        }
        var decimalExponent = 0
        if cursor.pointee == UInt8(ascii: ".") {
            cursor += 1
            let fractionDigits = appendDigits(&cursor, to: &mantissa)
            decimalExponent = -fractionDigits
            digits += fractionDigits
        }
        let sawDigit = digits > 0
        let exceedsFastPath = digits > 19
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
            // mantissa ≤ 2^53 here, so the signed conversion (one instruction on x86-64) is exact.
            var value = Double(Int64(bitPattern: mantissa))
            if decimalExponent < 0 {
                value /= powerOfTen(-decimalExponent)
            } else {
                value *= powerOfTen(decimalExponent)
            }
            return (isNegative ? -value : value, cursor)
        }
        if !exceedsFastPath, decimalExponent >= -19, decimalExponent <= 19 {
            // Up to 19 digits with more than 53 bits (17 or more significant digits, how doubles are printed):
            // exact integer arithmetic instead of strtod.
            let value = roundedProduct(mantissa, decimalExponent: decimalExponent)
            return (isNegative ? -value : value, cursor)
        }
        return (slowParse(start, end: cursor), cursor)
    }

    /// `mantissa` · 10^`decimalExponent`, correctly rounded, for −19 ≤ `decimalExponent` ≤ 19 and a nonzero
    /// mantissa: a product that fits 128 bits, or a quotient of 63 or 64 bits whose remainder decides ties.
    /// Kept out of line: the common numbers never need it, and the parse loops it would sit in are hot.
    @inline(never)
    private static func roundedProduct(_ mantissa: UInt64, decimalExponent: Int) -> Double {
        if decimalExponent >= 0 {
            let power = widePowerOfTen(decimalExponent)
            let (high, low) = mantissa.multipliedFullWidth(by: power)
            return rounded(UInt128(high) << 64 | UInt128(low), inexact: false, binaryExponent: 0)
        }
        // m / 10^k with m scaled by 2^shift so that the quotient is below 2^64 (the division fits one
        // instruction) yet at least 2^62: m · 2^shift < 2^(63 + bits(10^k)) ≤ 10^k · 2^64.
        let power = widePowerOfTen(-decimalExponent)
        let shift = 63 + (64 - power.leadingZeroBitCount) - (64 - mantissa.leadingZeroBitCount)
        let scaled = UInt128(mantissa) << shift
        let (quotient, remainder) = power.dividingFullWidth(
            (high: UInt64(truncatingIfNeeded: scaled >> 64), low: UInt64(truncatingIfNeeded: scaled)))
        return rounded(UInt128(quotient), inexact: remainder != 0, binaryExponent: -shift)
    }

    /// (`value` + a fraction below one that is nonzero when `inexact`) · 2^`binaryExponent`, rounded to
    /// the nearest double, ties to even; the result must be a normal double.
    private static func rounded(_ value: UInt128, inexact: Bool, binaryExponent: Int) -> Double {
        let bits = 128 - value.leadingZeroBitCount
        guard bits > 53 else {
            return Double(sign: .plus, exponent: binaryExponent, significand: Double(UInt64(truncatingIfNeeded: value)))
        }
        let dropped = bits - 53
        var significand = UInt64(truncatingIfNeeded: value >> dropped)
        let half = UInt128(1) << (dropped - 1)
        let rest = value & (half << 1 - 1)
        if rest > half || (rest == half && (inexact || significand & 1 == 1)) { significand += 1 }
        return Double(sign: .plus, exponent: dropped + binaryExponent, significand: Double(significand))
    }

    /// The form logits, scores and other signed values are written in without an exponent: an optional `-`,
    /// 1 to 7 integer digits, `.`, and fraction digits, 19 digits in all at most; the value is always finite.
    /// The same value, by the same arithmetic, as ``parseAnyForm(_:)`` gives, without its exponent and sign
    /// handling. Same buffer contract as ``parse(_:)``.
    /// - Returns: nil for anything else (a zero too), which ``parseAnyForm(_:)`` then reads.
    @inline(__always)
    package static func parseFixedPoint(_ start: UnsafePointer<UInt8>) -> (value: Double, end: UnsafePointer<UInt8>)? {
        // The sign as a bit, not a branch: logits are negative about half the time, at random.
        let signBit = UInt64(start.pointee == UInt8(ascii: "-") ? 1 : 0) << 63
        var cursor = start + Int(signBit >> 63)
        var mantissa: UInt64 = 0
        let integerDigits = appendDigitWord(&cursor, to: &mantissa)
        guard integerDigits > 0, integerDigits < 8, cursor.pointee == UInt8(ascii: ".") else { return nil }
        cursor += 1
        let fractionDigits = appendDigits(&cursor, to: &mantissa)
        guard fractionDigits > 0, integerDigits + fractionDigits <= 19, mantissa != 0,
            cursor.pointee | 0x20 != UInt8(ascii: "e")
        else { return nil }
        // 10^fractionDigits ≤ 10^18 < 10^22: with a mantissa of at most 2^53 one division rounds correctly.
        let value =
            mantissa <= 1 << 53
            ? Double(Int64(bitPattern: mantissa)) / powerOfTen(fractionDigits)
            : roundedProduct(mantissa, decimalExponent: -fractionDigits)
        // The value is positive (its mantissa is not zero), so setting the sign bit negates it exactly.
        return (Double(bitPattern: value.bitPattern | signBit), cursor)
    }

    /// The form probabilities are written in, `0.` then 1 to 19 digits with no exponent (7 digits as printed
    /// to a fixed precision, 16 or 17 as doubles are printed in full), read a word at a time; the value is
    /// always finite. Same buffer contract as ``parse(_:)``.
    /// - Returns: nil for anything else, which ``parseAnyForm(_:)`` then reads.
    @inline(__always)
    package static func parseFraction(_ start: UnsafePointer<UInt8>) -> (value: Double, end: UnsafePointer<UInt8>)? {
        guard start[0] == UInt8(ascii: "0"), start[1] == UInt8(ascii: ".") else { return nil }
        var cursor = start + 2
        var mantissa: UInt64 = 0
        var digits = appendDigitWord(&cursor, to: &mantissa)
        if digits == 8 {
            digits += appendDigitWord(&cursor, to: &mantissa)
            // A third word only when the 16 digits read so far leave room for three more (19 fit a UInt64).
            if digits == 16 { digits += appendDigitWord(&cursor, to: &mantissa) }
        }
        guard digits > 0, digits <= 19, cursor.pointee | 0x20 != UInt8(ascii: "e") else { return nil }
        guard mantissa <= 1 << 53 else {
            return mantissa == 0 ? (0, cursor) : (roundedProduct(mantissa, decimalExponent: -digits), cursor)
        }
        // The mantissa is at most 2^53 and 10^digits ≤ 10^19 < 10^22, so both are exact doubles and one
        // division rounds correctly (Clinger's fast path).
        return (Double(Int64(bitPattern: mantissa)) / powerOfTen(digits), cursor)
    }

    /// `strtod` over a span already validated by ``parse(_:)``; it stops where the span ends.
    @inline(never)
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
