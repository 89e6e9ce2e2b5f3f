import XStreamCodecs

/// A scalar type of an `.npy` field, read as a double.
package struct NPYScalarType: Equatable, Sendable {
    package enum Kind: Equatable, Sendable { case signed, unsigned, float, bool, other(Character) }

    package var kind: Kind
    package var size: Int
    var isBigEndian: Bool

    var isNumeric: Bool {
        switch kind {
        case .signed, .unsigned: [1, 2, 4, 8].contains(size)
        case .float: size == 4 || size == 8
        case .bool: size == 1
        case .other: false
        }
    }

    /// Parses a NumPy type string such as `<f4`, `|u1`, `>i8`, `|b1`, `<U8`, `<M8[ns]` (the size is the digits
    /// after the kind; a unit in brackets, as datetimes have, follows them).
    package init(_ text: String, path: String) throws {
        var characters = Array(text)
        // Object fields are written without a size ('|O'); they hold pointers.
        if characters.count == 2, characters[1] == "O" { characters.append("8") }
        let digits = characters.dropFirst(2).prefix { $0.isASCII && $0.isNumber }
        let rest = characters.dropFirst(2 + digits.count)
        // Sizes are capped so that no record size computed from them can overflow.
        guard characters.count >= 3, "<>|=".contains(characters[0]), let size = Int(String(digits)), size <= 1 << 30,
            rest.isEmpty || (rest.first == "[" && rest.last == "]")
        else {
            throw XStreamError(
                .invalidHeader, ".npy header: unsupported type '\(EscapedText.printable(text, limit: 20))'",
                at: Location(path))
        }
        isBigEndian = characters[0] == ">"
        self.size = size
        switch characters[1] {
        case "i": kind = .signed
        case "u": kind = .unsigned
        case "f": kind = .float
        case "b": kind = .bool
        case let other: kind = .other(other)
        }
        if characters[1] == "U" { self.size = size * 4 }
    }

    /// Why a column of this type cannot hold the values xstream needs, for messages.
    var unusableReason: String {
        switch kind {
        case .other("O"): "an object dtype (pickled Python objects), not numbers"
        case .other("U"), .other("S"): "a string dtype where a number is needed"
        case .float where size == 2: "float16, which is not supported"
        default: "a type xstream cannot read as a number"
        }
    }
}
