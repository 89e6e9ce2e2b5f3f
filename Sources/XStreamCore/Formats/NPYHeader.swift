/// The header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0).
///
/// After the magic `\x93NUMPY`, two version bytes and the header length (2 bytes little-endian in 1.0, 4 in
/// 2.0 and 3.0), the header is the text of a Python dict: `{'descr': …, 'fortran_order': False, 'shape': (…), }`.
struct NPYHeader {
    /// The magic bytes that start every `.npy` file.
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// One field of a record.
    struct Field: Equatable {
        var name: String
        var offset: Int
        var type: NPYScalarType?
        /// The type string as written (`<f4`), for messages.
        var typeString: String
    }

    /// The bytes the header occupies, magic included: records start here.
    var headerLength: Int
    /// Every field of a record (a 2-D array has one field per column, named `0`, `1`, …).
    var fields: [Field]
    /// The size of one record in bytes.
    var recordSize: Int
    /// The number of records the shape declares.
    var recordCount: Int
    /// True for a 2-D array of one type (columns named by index), false for a structured array.
    var isTwoDimensional: Bool

    /// The most columns a 2-D array may have (a structured array's are bounded by its header's length).
    static let maximumColumns = 1 << 20

    /// How many bytes must be available to know the header's length.
    static let preambleLength = 12

    /// The whole header length, from the first ``preambleLength`` bytes, or nil when they are not an `.npy` start.
    static func totalLength(_ bytes: UnsafeRawBufferPointer, path: String) throws -> Int? {
        guard bytes.count >= 8, Array(bytes[0..<6]) == magic else { return nil }
        switch bytes[6] {
        case 1:
            guard bytes.count >= 10 else { return nil }
            return 10 + (Int(bytes[8]) | Int(bytes[9]) << 8)
        case 2, 3:
            guard bytes.count >= 12 else { return nil }
            let length = (0..<4).reduce(0) { $0 | Int(bytes[8 + $1]) << (8 * $1) }
            return 12 + length
        default:
            throw XStreamError(.invalidHeader, "\(path): unsupported .npy format version \(bytes[6]).\(bytes[7])")
        }
    }

    /// Parses a complete header.
    /// - Throws: ``XStreamError`` (`invalidHeader`) naming the file, for anything xstream cannot read.
    init(_ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard let length = try Self.totalLength(bytes, path: path), bytes.count >= length else {
            throw XStreamError(.invalidHeader, "\(path): truncated .npy header")
        }
        headerLength = length
        let textStart = bytes[6] == 1 ? 10 : 12
        let text =
            bytes[6] == 3
            ? String(decoding: bytes[textStart..<length], as: UTF8.self)
            : String(bytes[textStart..<length].map { Character(Unicode.Scalar($0)) })
        func failure(_ what: String) -> XStreamError {
            XStreamError(.invalidHeader, "\(path): .npy header: \(EscapedText.printable(what, limit: 160))")
        }
        var reader = PythonLiteralReader(text: text)
        let literal: PythonLiteral
        do {
            literal = try reader.value()
        } catch let error as XStreamError {
            throw XStreamError(.invalidHeader, "\(path): \(error.message)")
        }
        guard case .dictionary(let entries) = literal,
            let descr = entries["descr"], let fortran = entries["fortran_order"], let shape = entries["shape"]
        else { throw failure("expected a dict with 'descr', 'fortran_order' and 'shape'") }
        guard case .bool(let isFortran) = fortran else { throw failure("'fortran_order' is not a bool") }
        guard case .tuple(let dimensions) = shape else { throw failure("'shape' is not a tuple") }
        let sizes = try dimensions.map { item -> Int in
            guard case .integer(let size) = item, size >= 0 else { throw failure("'shape' holds a non-integer") }
            return size
        }
        switch descr {
        case .string(let typeString):
            guard !isFortran else {
                throw failure("Fortran-order arrays are not supported (write it with np.ascontiguousarray)")
            }
            guard sizes.count == 2 else {
                throw failure("a plain array must be 2-D (rows, columns); this one has shape \(sizes)")
            }
            let type = try NPYScalarType(typeString, path: path)
            guard type.size > 0 else { throw failure("zero-sized type \(typeString)") }
            guard sizes[1] <= Self.maximumColumns else {
                throw failure("\(sizes[1]) columns, more than xstream reads (\(Self.maximumColumns))")
            }
            fields = (0..<sizes[1]).map {
                Field(
                    name: String($0), offset: $0 * type.size, type: type.isNumeric ? type : nil, typeString: typeString)
            }
            recordSize = type.size * sizes[1]
            recordCount = sizes[0]
            isTwoDimensional = true
        case .list(let items):
            guard sizes.count == 1 else {
                throw failure("a structured array must be 1-D; this one has shape \(sizes)")
            }
            var offset = 0
            var fields: [Field] = []
            for item in items {
                guard case .tuple(let parts) = item, parts.count >= 2, case .string(let name) = parts[0] else {
                    throw failure("unsupported field description \(item)")
                }
                guard parts.count == 2 else { throw failure("field '\(name)' is a sub-array, which is not supported") }
                guard case .string(let typeString) = parts[1] else {
                    throw failure("field '\(name)' is a nested structure, which is not supported")
                }
                let type = try NPYScalarType(typeString, path: path)
                fields.append(
                    Field(name: name, offset: offset, type: type.isNumeric ? type : nil, typeString: typeString))
                offset += type.size
            }
            self.fields = fields.filter { !($0.name.isEmpty && $0.typeString.dropFirst().first == "V") }
            recordSize = offset
            recordCount = sizes[0]
            isTwoDimensional = false
        default:
            throw failure("unsupported 'descr' \(descr)")
        }
        guard recordSize > 0 || recordCount == 0 else { throw failure("records of zero bytes") }
    }
}

/// A scalar type of an `.npy` field, read as a double.
struct NPYScalarType: Equatable {
    enum Kind: Equatable { case signed, unsigned, float, bool, other(Character) }

    var kind: Kind
    var size: Int
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
    init(_ text: String, path: String) throws {
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
                .invalidHeader, "\(path): .npy header: unsupported type '\(EscapedText.printable(text, limit: 20))'")
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

/// A Python literal as written in `.npy` headers: dicts, lists, tuples, strings, integers, booleans.
indirect enum PythonLiteral: CustomStringConvertible {
    case dictionary([String: PythonLiteral])
    case list([PythonLiteral])
    case tuple([PythonLiteral])
    case string(String)
    case integer(Int)
    case bool(Bool)
    case none

    var description: String {
        switch self {
        case .dictionary: "a dict"
        case .list(let items): "[" + items.map(\.description).joined(separator: ", ") + "]"
        case .tuple(let items): "(" + items.map(\.description).joined(separator: ", ") + ")"
        case .string(let text): "'\(text)'"
        case .integer(let value): String(value)
        case .bool(let value): value ? "True" : "False"
        case .none: "None"
        }
    }
}

/// Reads the subset of Python literal syntax that NumPy writes in headers.
struct PythonLiteralReader {
    private let characters: [Character]
    private var index = 0
    private var depth = 0

    init(text: String) { characters = Array(text) }

    private func failure(_ what: String) -> XStreamError {
        XStreamError(.invalidHeader, ".npy header: \(EscapedText.printable(what, limit: 80)) at character \(index)")
    }

    private mutating func skipSpace() {
        while index < characters.count, characters[index].isWhitespace { index += 1 }
    }

    mutating func value() throws -> PythonLiteral {
        skipSpace()
        guard index < characters.count else { throw failure("unexpected end") }
        depth += 1
        defer { depth -= 1 }
        guard depth < 32 else { throw failure("nested too deeply") }
        let character = characters[index]
        switch character {
        case "{":
            index += 1
            var entries: [String: PythonLiteral] = [:]
            while true {
                skipSpace()
                if index < characters.count, characters[index] == "}" {
                    index += 1
                    return .dictionary(entries)
                }
                guard case .string(let key) = try value() else { throw failure("dict key is not a string") }
                skipSpace()
                guard index < characters.count, characters[index] == ":" else { throw failure("expected ':'") }
                index += 1
                entries[key] = try value()
                try separator(closing: "}")
            }
        case "[", "(":
            let closing: Character = character == "[" ? "]" : ")"
            index += 1
            var items: [PythonLiteral] = []
            while true {
                skipSpace()
                if index < characters.count, characters[index] == closing {
                    index += 1
                    return closing == "]" ? .list(items) : .tuple(items)
                }
                items.append(try value())
                try separator(closing: closing)
            }
        case "'", "\"":
            index += 1
            var text = ""
            while index < characters.count, characters[index] != character {
                if characters[index] == "\\", index + 1 < characters.count { index += 1 }
                text.append(characters[index])
                index += 1
            }
            guard index < characters.count else { throw failure("unterminated string") }
            index += 1
            return .string(text)
        default:
            var word = ""
            while index < characters.count,
                characters[index].isLetter || characters[index].isNumber
                    || characters[index] == "-" || characters[index] == "_"
            {
                word.append(characters[index])
                index += 1
            }
            switch word {
            case "True": return .bool(true)
            case "False": return .bool(false)
            case "None": return .none
            default:
                let digits = word.hasSuffix("L") ? String(word.dropLast()) : word
                guard let value = Int(digits) else { throw failure("unexpected '\(word)'") }
                return .integer(value)
            }
        }
    }

    private mutating func separator(closing: Character) throws {
        skipSpace()
        guard index < characters.count else { throw failure("unexpected end") }
        if characters[index] == "," {
            index += 1
        } else if characters[index] != closing {
            throw failure("expected ',' or '\(closing)'")
        }
    }
}
