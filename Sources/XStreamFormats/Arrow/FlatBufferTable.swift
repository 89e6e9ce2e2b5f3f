import XStreamCodecs

/// A bounds-checked view of one FlatBuffers table, as Arrow IPC writes its message metadata.
///
/// Every offset is checked against the buffer before it is followed, and every vector's length against the
/// bytes that remain, so a hostile message ends in an error, never a trap.
struct FlatBufferTable {
    /// The whole flatbuffer; it must outlive the table.
    let bytes: UnsafeRawBufferPointer
    /// The table's position.
    let position: Int
    private let vtable: Int
    private let vtableSize: Int
    let input: String

    /// The root table of `bytes`.
    init(root bytes: UnsafeRawBufferPointer, input: String) throws {
        guard bytes.count >= 4 else { throw Self.corrupt(input, "a message too short for its metadata") }
        try self.init(bytes, at: Int(bytes.loadUnaligned(as: UInt32.self).littleEndian), input: input)
    }

    private init(_ bytes: UnsafeRawBufferPointer, at position: Int, input: String) throws {
        self.bytes = bytes
        self.position = position
        self.input = input
        guard position >= 0, position <= bytes.count - 4 else { throw Self.corrupt(input, "a table out of bounds") }
        let vtable = position - Int(bytes.loadUnaligned(fromByteOffset: position, as: Int32.self).littleEndian)
        guard vtable >= 0, vtable <= bytes.count - 4 else { throw Self.corrupt(input, "a vtable out of bounds") }
        let size = Int(bytes.loadUnaligned(fromByteOffset: vtable, as: UInt16.self).littleEndian)
        guard size >= 4, size % 2 == 0, size <= bytes.count - vtable else {
            throw Self.corrupt(input, "a vtable out of bounds")
        }
        self.vtable = vtable
        vtableSize = size
    }

    static func corrupt(_ input: String, _ what: String) -> XStreamError {
        XStreamError(.corruptData, "corrupt Arrow IPC metadata: \(what)", at: Location(input))
    }

    /// The position of field `index`'s value, checked to hold `size` bytes, or nil when the field is absent.
    private func field(_ index: Int, size: Int) throws -> Int? {
        let entry = 4 + 2 * index
        guard entry + 2 <= vtableSize else { return nil }
        let offset = Int(bytes.loadUnaligned(fromByteOffset: vtable + entry, as: UInt16.self).littleEndian)
        guard offset != 0 else { return nil }
        let at = position + offset
        guard at <= bytes.count - size else { throw Self.corrupt(input, "a field out of bounds") }
        return at
    }

    func int64(_ index: Int, default value: Int64 = 0) throws -> Int64 {
        guard let at = try field(index, size: 8) else { return value }
        return bytes.loadUnaligned(fromByteOffset: at, as: Int64.self).littleEndian
    }

    func int32(_ index: Int, default value: Int32 = 0) throws -> Int32 {
        guard let at = try field(index, size: 4) else { return value }
        return bytes.loadUnaligned(fromByteOffset: at, as: Int32.self).littleEndian
    }

    func int16(_ index: Int, default value: Int16 = 0) throws -> Int16 {
        guard let at = try field(index, size: 2) else { return value }
        return bytes.loadUnaligned(fromByteOffset: at, as: Int16.self).littleEndian
    }

    func uint8(_ index: Int, default value: UInt8 = 0) throws -> UInt8 {
        guard let at = try field(index, size: 1) else { return value }
        return bytes[at]
    }

    func bool(_ index: Int) throws -> Bool { try uint8(index) != 0 }

    /// The position an offset field points to, checked.
    private func target(_ index: Int) throws -> Int? {
        guard let at = try field(index, size: 4) else { return nil }
        let target = at + Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
        guard target <= bytes.count - 4 else { throw Self.corrupt(input, "an offset out of bounds") }
        return target
    }

    func table(_ index: Int) throws -> FlatBufferTable? {
        guard let target = try target(index) else { return nil }
        return try FlatBufferTable(bytes, at: target, input: input)
    }

    func string(_ index: Int) throws -> String? {
        guard let (start, count) = try vector(index, elementSize: 1) else { return nil }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<start + count]), as: UTF8.self)
    }

    /// A vector's first element's position and its element count, checked to fit.
    func vector(_ index: Int, elementSize: Int) throws -> (Int, Int)? {
        guard let target = try target(index) else { return nil }
        let count = Int(bytes.loadUnaligned(fromByteOffset: target, as: UInt32.self).littleEndian)
        guard count <= (bytes.count - target - 4) / max(elementSize, 1) else {
            throw Self.corrupt(input, "a vector longer than its message")
        }
        return (target + 4, count)
    }

    /// The tables of a vector of tables.
    func tables(_ index: Int) throws -> [FlatBufferTable] {
        guard let (start, count) = try vector(index, elementSize: 4) else { return [] }
        return try (0..<count).map { i in
            let at = start + 4 * i
            let target = at + Int(bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
            return try FlatBufferTable(bytes, at: target, input: input)
        }
    }

    /// The elements of a vector of int64 (Arrow's `variadicBufferCounts`).
    func int64s(_ index: Int) throws -> [Int64] {
        guard let (start, count) = try vector(index, elementSize: 8) else { return [] }
        return (0..<count).map { bytes.loadUnaligned(fromByteOffset: start + 8 * $0, as: Int64.self).littleEndian }
    }

    /// The int64 pairs of a vector of 16-byte structs (Arrow's FieldNode and Buffer).
    func pairs(_ index: Int) throws -> [(Int64, Int64)] {
        guard let (start, count) = try vector(index, elementSize: 16) else { return [] }
        return (0..<count).map { i in
            (
                bytes.loadUnaligned(fromByteOffset: start + 16 * i, as: Int64.self).littleEndian,
                bytes.loadUnaligned(fromByteOffset: start + 16 * i + 8, as: Int64.self).littleEndian
            )
        }
    }
}
