import XStreamCodecs

/// The header of a NumPy `.npy` file (format versions 1.0, 2.0 and 3.0).
///
/// After the magic `\x93NUMPY`, two version bytes and the header length (2 bytes little-endian in 1.0, 4 in
/// 2.0 and 3.0), the header is the text of a Python dict: `{'descr': …, 'fortran_order': False, 'shape': (…), }`.
package struct NPYHeader {
    /// The magic bytes that start every `.npy` file.
    package static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]

    /// One field of a record.
    struct Field: Equatable {
        var name: String
        var offset: Int
        var type: NPYScalarType?
        /// The type string as written (`<f4`), for messages.
        var typeString: String
    }

    /// The bytes the header occupies, magic included: records start here.
    package var headerLength: Int
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
    package static let preambleLength = 12

    /// The whole header length, from the first ``preambleLength`` bytes, or nil when they are not an `.npy` start.
    package static func totalLength(_ bytes: UnsafeRawBufferPointer, path: String) throws -> Int? {
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
            throw XStreamError(
                .invalidHeader, "unsupported .npy format version \(bytes[6]).\(bytes[7])", at: Location(path))
        }
    }

    /// Parses a complete header.
    /// - Throws: ``XStreamError`` (`invalidHeader`) naming the file, for anything xstream cannot read.
    package init(_ bytes: UnsafeRawBufferPointer, path: String) throws {
        guard let length = try Self.totalLength(bytes, path: path), bytes.count >= length else {
            throw XStreamError(.invalidHeader, "truncated .npy header", at: Location(path))
        }
        headerLength = length
        let textStart = bytes[6] == 1 ? 10 : 12
        let text =
            bytes[6] == 3
            ? String(decoding: bytes[textStart..<length], as: UTF8.self)
            : String(bytes[textStart..<length].map { Character(Unicode.Scalar($0)) })
        func failure(_ what: String) -> XStreamError {
            XStreamError(.invalidHeader, ".npy header: \(EscapedText.printable(what, limit: 160))", at: Location(path))
        }
        var reader = PythonLiteralReader(text: text)
        let literal: PythonLiteral
        do {
            literal = try reader.value()
        } catch let error as XStreamError {
            throw error.located(at: Location(path))
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
