import XStreamCodecs

/// A bounds-checked reader of the Thrift compact protocol, as Parquet writes its footer and page headers.
///
/// Only what Parquet's structures use is decoded (integers, booleans, binary, lists, structs); every other
/// field is skipped by its type. Every length and count is checked against the bytes that remain before it is
/// used, and nesting is limited, so a hostile footer ends in an error, never a trap or a large allocation.
struct ThriftCompactReader {
    /// Compact-protocol type codes.
    enum FieldType: UInt8 {
        case booleanTrue = 1, booleanFalse, byte, i16, i32, i64, double, binary, list, set, map, structure
    }

    /// The deepest nesting of structs and containers accepted.
    static let maxDepth = 32

    private let bytes: UnsafeRawBufferPointer
    /// The next byte to read.
    private(set) var offset: Int
    private let input: String
    private var depth = 0

    /// - Parameters:
    ///   - bytes: The encoded bytes; they must outlive the reader.
    ///   - input: The input's name, for errors.
    init(_ bytes: UnsafeRawBufferPointer, input: String) {
        self.bytes = bytes
        offset = 0
        self.input = input
    }

    func corrupt(_ what: String) -> XStreamError {
        XStreamError(.corruptData, "corrupt Parquet metadata: \(what)", at: Location(input))
    }

    mutating func byte() throws -> UInt8 {
        guard offset < bytes.count else { throw corrupt("it ends inside a structure") }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// An unsigned LEB128 varint of at most 10 bytes.
    mutating func varint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byte()
            guard shift < 64 else { throw corrupt("a varint is longer than 10 bytes") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
        }
    }

    mutating func zigzag() throws -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1)))
    }

    mutating func i32() throws -> Int32 {
        let value = try zigzag()
        guard let narrow = Int32(exactly: value) else { throw corrupt("a 32-bit integer is out of range") }
        return narrow
    }

    mutating func i64() throws -> Int64 { try zigzag() }

    /// A length-prefixed byte string, checked against the bytes that remain.
    mutating func binary() throws -> UnsafeRawBufferPointer {
        let length = try varint()
        guard length <= UInt64(bytes.count - offset) else { throw corrupt("a string is longer than the metadata") }
        defer { offset += Int(length) }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + Int(length)])
    }

    mutating func string() throws -> String { String(decoding: try binary(), as: UTF8.self) }

    /// Reads a struct's fields, calling `field` with each field's id and type; `field` reads the value or
    /// calls ``skip(_:)``. A boolean's value is in its type (``FieldType/booleanTrue``).
    mutating func readStruct(_ field: (inout ThriftCompactReader, Int16, FieldType) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw corrupt("structures are nested too deeply") }
        var lastID: Int16 = 0
        while true {
            let header = try byte()
            if header == 0 { return }
            guard let type = FieldType(rawValue: header & 0x0F) else { throw corrupt("unknown field type") }
            let delta = Int16(header >> 4)
            if delta == 0 {
                let id = try zigzag()
                guard let narrow = Int16(exactly: id) else { throw corrupt("a field id is out of range") }
                lastID = narrow
            } else {
                lastID = lastID &+ delta
            }
            try field(&self, lastID, type)
        }
    }

    /// Reads a list's header: the element type and count, the count checked against the bytes that remain
    /// (every element takes at least one byte, except booleans' none in no Parquet structure).
    mutating func listHeader() throws -> (FieldType, Int) {
        let header = try byte()
        var count = Int(header >> 4)
        if count == 15 {
            let long = try varint()
            guard long <= UInt64(bytes.count - offset) else { throw corrupt("a list is longer than the metadata") }
            count = Int(long)
        }
        guard let type = FieldType(rawValue: header & 0x0F) else { throw corrupt("unknown list element type") }
        guard count <= bytes.count - offset else { throw corrupt("a list is longer than the metadata") }
        return (type, count)
    }

    /// Reads a list, calling `element` for each element.
    mutating func readList(_ element: (inout ThriftCompactReader, FieldType) throws -> Void) throws {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else { throw corrupt("structures are nested too deeply") }
        let (type, count) = try listHeader()
        for _ in 0..<count { try element(&self, type) }
    }

    /// Reads a boolean field's or element's value: in struct fields it is the type, in lists a byte.
    mutating func boolean(_ type: FieldType, inList: Bool = false) throws -> Bool {
        if inList { return try byte() == 1 }
        return type == .booleanTrue
    }

    /// Skips a value of `type`.
    mutating func skip(_ type: FieldType, inList: Bool = false) throws {
        switch type {
        case .booleanTrue, .booleanFalse: if inList { _ = try byte() }
        case .byte: _ = try byte()
        case .i16, .i32, .i64: _ = try varint()
        case .double:
            guard bytes.count - offset >= 8 else { throw corrupt("it ends inside a double") }
            offset += 8
        case .binary: _ = try binary()
        case .list, .set: try readList { reader, element in try reader.skip(element, inList: true) }
        case .map:
            depth += 1
            defer { depth -= 1 }
            guard depth <= Self.maxDepth else { throw corrupt("structures are nested too deeply") }
            let count = try varint()
            guard count <= UInt64(bytes.count - offset) else { throw corrupt("a map is longer than the metadata") }
            if count == 0 { return }
            let types = try byte()
            guard let key = FieldType(rawValue: types >> 4), let value = FieldType(rawValue: types & 0x0F) else {
                throw corrupt("unknown map element type")
            }
            for _ in 0..<count {
                try skip(key, inList: true)
                try skip(value, inList: true)
            }
        case .structure: try readStruct { reader, _, type in try reader.skip(type) }
        }
    }
}
