import XStreamCodecs

/// An Arrow IPC input, the stream format or the file format (Feather v2) read front to back as a stream,
/// one record batch at a time.
///
/// Only the used columns of each batch are decoded: int and uint of 8 to 64 bits, float32, float64 and bool,
/// with their validity bitmaps; bodies uncompressed, LZ4_FRAME or ZSTD. Slice columns may also be utf8,
/// large_utf8, binary or large_binary, and dictionary-encoded (see `ArrowStreamReader+SliceKeys.swift`).
/// Unused columns (view types too, whose buffer counts each batch states), and dictionary batches no slice
/// column uses, are skipped. Every length and offset from the input is checked before use. Not `Sendable`.
package final class ArrowStreamReader: ColumnarSource {
    /// The file format's magic (`ARROW1`), followed by two bytes of padding at the front.
    package static let fileMagic: [UInt8] = Array("ARROW1".utf8)
    /// The continuation marker before each message of the stream format.
    package static let continuation: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF]
    /// The largest message metadata accepted.
    static let maxMetadataLength = 1 << 26

    /// Whether `prefix`, an input's first bytes, starts an Arrow IPC file or stream.
    package static func recognizes(_ prefix: UnsafeRawBufferPointer) -> Bool {
        prefix.starts(with: fileMagic) || (prefix.count >= 8 && prefix.starts(with: continuation))
    }

    /// Set from the schema message, before the initializer returns.
    package private(set) var layout: ColumnarLayout
    /// Arrow IPC is read through the stream decoder, which counts the raw bytes and fingerprints them.
    package var bytesRead: Int? { nil }
    package var fingerprint: String? { nil }

    /// A used or slice column: where its field node and buffers are in each batch, and its type.
    struct Column {
        var name: String
        var node: Int
        /// The column's first buffer, not counting the variadic buffers of the view columns before it.
        var buffer: Int
        /// How many view columns (BinaryView, Utf8View) come before it: each batch says how many buffers they have.
        var viewsBefore: Int
        var type: ParquetColumn.ValueType
        /// Bytes per value (0: bits, for booleans); for byte arrays, per offset (4, or 8 for the large types).
        var width: Int
        /// Whether narrow (8- and 16-bit) integers are sign-extended.
        var signed: Bool
        /// For a dictionary-encoded slice column, its dictionary's id and the type of its indices (the other
        /// properties then describe the dictionary's values, at node 0 and buffer 0 of a dictionary batch).
        var dictionary: (id: Int64, index: ParquetColumn.ValueType, width: Int, signed: Bool)?
    }

    /// A dictionary a slice column uses: each entry's key text, and whether it is null.
    struct KeyDictionary {
        var values: Column
        var texts: [String] = []
        var isNull: [Bool] = []
    }

    let input: String
    /// Whether the input is the file format, which ends with a footer and the magic after its messages.
    private let isFile: Bool
    private let pull: (UnsafeMutableRawBufferPointer) throws -> Int
    private var prefix: [UInt8]
    private var prefixUsed = 0
    private var columns: [Column]
    private var ended = false
    private var values: [[Double]]
    private var nulls: [[Bool]]
    /// The slice columns, and for the current batch each row's key id in each (-1: null).
    private var sliceColumns: [Column] = []
    private var keyIDs: [[Int32]] = []
    package private(set) var keyTable = ColumnarKeyTable(texts: [])
    /// The dictionaries of dictionary-encoded slice columns, by id, as the dictionary batches so far make them.
    var dictionaries: [Int64: KeyDictionary] = [:]
    let scratch = PageBuffer()
    let validityScratch = PageBuffer()
    let offsetScratch = PageBuffer()

    /// Reads up to the schema message and resolves `selection` against it.
    /// - Parameters:
    ///   - prefix: Bytes already read from the front of the input.
    ///   - pull: Reads the rest of the input (fewer bytes than asked only at the end).
    /// - Throws: ``XStreamError`` for damaged input, or columns that cannot be used.
    package init(
        prefix: [UInt8], input: String, selection: ColumnSelection,
        pull: @escaping (UnsafeMutableRawBufferPointer) throws -> Int
    ) throws {
        self.prefix = prefix
        self.input = input
        isFile = prefix.starts(with: Self.fileMagic)
        self.pull = pull
        columns = []
        layout = ColumnarLayout(
            columns: try ResolvedColumns(
                header: [], selection: ColumnSelection(labels: [], predictions: []),
                defaultLabel: "label", input: input), formatName: "arrow")
        values = []
        nulls = []
        var schema: FlatBufferTable?
        if isFile {
            _ = try bytes(8)
            schema = try unframedSchema()
        }
        if let schema {
            try adopt(schema, selection: selection)
            return
        }
        while true {
            guard let (header, type, body) = try message() else {
                throw XStreamError(.truncatedData, "the Arrow IPC input ends before its schema", at: Location(input))
            }
            try skip(body)
            if type == 1 {
                try adopt(header, selection: selection)
                return
            }
        }
    }

    /// Resolves `selection` against the schema message's `schema` and sets up the columns it uses.
    private func adopt(_ schema: FlatBufferTable, selection: ColumnSelection) throws {
        (layout, columns, sliceColumns) = try Self.resolve(schema, selection: selection, input: input)
        values = Array(repeating: [], count: columns.count)
        nulls = Array(repeating: [], count: columns.count)
        keyIDs = Array(repeating: [], count: sliceColumns.count)
        for column in sliceColumns {
            guard let id = column.dictionary?.id else { continue }
            var values = column
            (values.node, values.buffer, values.viewsBefore, values.dictionary) = (0, 0, 0, nil)
            dictionaries[id] = KeyDictionary(values: values)
        }
    }

    package func nextRowGroup() throws -> Int? {
        while !ended {
            guard let (header, type, bodyLength) = try message() else {
                ended = true
                if isFile { try readFooter() }
                return nil
            }
            if type == 2, dictionaries[try header.int64(0)] != nil {
                let body = try bytes(bodyLength)
                try body.withUnsafeBytes { try decodeDictionary(header, body: $0) }
                continue
            }
            guard type == 3 else {
                try skip(bodyLength)
                continue
            }
            let body = try bytes(bodyLength)
            let rows = try body.withUnsafeBytes { try decode(header, body: $0) }
            if rows > 0 { return rows }
        }
        return nil
    }

    package func copyRows(_ range: Range<Int>, into destination: UnsafeMutablePointer<Double>) {
        let stride = columns.count + sliceColumns.count
        ColumnarLayout.writeKeyIDs(keyIDs, rows: range, valueSlots: columns.count, stride: stride, into: destination)
        for slot in 0..<columns.count {
            var out = destination + slot
            for row in range {
                let value = values[slot][row]
                out.pointee =
                    nulls[slot][row] ? Double(bitPattern: ColumnarLayout.nullPattern) : value.isNaN ? .nan : value
                out += stride
            }
        }
    }

    // MARK: Messages

    /// The next message's header table, header type and body length; nil at the end of the stream.
    private func message() throws -> (FlatBufferTable, UInt8, Int)? {
        guard let first = try bytesOrEnd(4) else { return nil }
        var length = Int(Int32(littleEndian: first.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }))
        if first == Self.continuation {
            guard let next = try bytesOrEnd(4) else { return nil }
            length = Int(Int32(littleEndian: next.withUnsafeBytes { $0.loadUnaligned(as: Int32.self) }))
        }
        if length == 0 { return nil }
        guard length > 0, length <= Self.maxMetadataLength else { throw corrupt("a message length of \(length)") }
        let metadata = try bytes(length)
        // The table views the array's storage, which stays alive and unchanged in `storage`.
        let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: length, alignment: 8)
        metadataStorage.append(storage)
        metadata.withUnsafeBytes { storage.copyMemory(from: $0) }
        let message = try FlatBufferTable(root: UnsafeRawBufferPointer(storage), input: input)
        let type = try message.uint8(1)
        let bodyLength = try message.int64(3)
        guard bodyLength >= 0, bodyLength <= 1 << 40 else { throw corrupt("a body length of \(bodyLength)") }
        guard let header = try message.table(2) else { throw corrupt("a message without a header") }
        // Only the current message's metadata is kept.
        while metadataStorage.count > 1 { metadataStorage.removeFirst().deallocate() }
        return (header, type, Int(bodyLength))
    }

    private var metadataStorage: [UnsafeMutableRawBufferPointer] = []

    /// The schema of an Arrow file whose first message is not framed (no continuation marker and length: Polars
    /// writes files so), or nil, with nothing consumed, when it is framed.
    ///
    /// An unframed message starts with its root table's offset, a few bytes, where a framed one starts with the
    /// marker or (before Arrow 0.15) its length, which is larger. It runs to the next 8-byte aligned continuation
    /// marker; a marker inside it (where no field of a schema holds one) would only make it unreadable, since
    /// every table is bounds-checked.
    private func unframedSchema() throws -> FlatBufferTable? {
        var metadata = try bytes(8)
        let first = metadata.withUnsafeBytes { UInt32(littleEndian: $0.loadUnaligned(as: UInt32.self)) }
        guard first < 64 else {
            prefix = metadata
            prefixUsed = 0
            return nil
        }
        while metadata.count <= Self.maxMetadataLength {
            let word = try bytes(8)
            guard word.starts(with: Self.continuation) else {
                metadata += word
                continue
            }
            let storage = UnsafeMutableRawBufferPointer.allocate(byteCount: metadata.count, alignment: 8)
            metadataStorage.append(storage)
            metadata.withUnsafeBytes { storage.copyMemory(from: $0) }
            let message = try FlatBufferTable(root: UnsafeRawBufferPointer(storage), input: input)
            guard try message.uint8(1) == 1, let schema = try message.table(2) else {
                throw corrupt("an Arrow file whose first message is not its schema")
            }
            prefix = word
            prefixUsed = 0
            return schema
        }
        throw corrupt("a schema message longer than \(Self.maxMetadataLength) bytes")
    }

    deinit { for storage in metadataStorage { storage.deallocate() } }

    /// Decodes the used columns of a record batch; returns its row count.
    private func decode(_ batch: FlatBufferTable, body: UnsafeRawBufferPointer) throws -> Int {
        let length = try batch.int64(0)
        guard length >= 0, length <= Int64(ParquetFile.maxRowGroupRows) else {
            throw corrupt("a record batch of \(length) rows")
        }
        let rows = Int(length)
        let nodes = try batch.pairs(1)
        let buffers = try batch.pairs(2)
        let variadicCounts = try batch.int64s(4)
        let codec = try self.codec(of: batch)
        var texts: [[String]] = []
        for (index, column) in sliceColumns.enumerated() {
            texts.append(
                try decodeKeys(
                    try located(column, variadicCounts: variadicCounts, buffers: buffers), ids: &keyIDs[index],
                    rows: rows, nodes: nodes, buffers: buffers, body: body, codec: codec))
        }
        keyTable = ColumnarKeyTable(texts: texts)
        for (slot, column) in columns.enumerated() {
            let column = try located(column, variadicCounts: variadicCounts, buffers: buffers)
            guard column.node < nodes.count, column.buffer + 1 < buffers.count else {
                throw corrupt("a record batch lacks column \"\(column.name)\"")
            }
            guard nodes[column.node].0 == length else {
                throw corrupt("column \"\(column.name)\" has \(nodes[column.node].0) values in a batch of \(rows) rows")
            }
            let bitmapSize = (rows + 7) / 8
            let valueSize = column.type == .boolean ? bitmapSize : rows * column.width
            let validity = try buffer(
                buffers[column.buffer], body: body, codec: codec, minimum: 0, column: column, into: validityScratch)
            let hasNulls = nodes[column.node].1 != 0 && !validity.isEmpty
            if hasNulls, validity.count < bitmapSize { throw corrupt("column \"\(column.name)\": short validity") }
            let data = try buffer(
                buffers[column.buffer + 1], body: body, codec: codec, minimum: valueSize, column: column,
                into: scratch)
            values[slot].removeAll(keepingCapacity: true)
            nulls[slot].removeAll(keepingCapacity: true)
            values[slot].reserveCapacity(rows)
            nulls[slot].reserveCapacity(rows)
            for row in 0..<rows {
                nulls[slot].append(hasNulls && (validity[row / 8] >> UInt8(row % 8)) & 1 == 0)
                values[slot].append(column.type.double(Self.pattern(data, row: row, of: column)))
            }
        }
        return rows
    }

    /// `column` with its first buffer in a batch whose view columns have `variadicCounts` data buffers each.
    private func located(_ column: Column, variadicCounts: [Int64], buffers: [(Int64, Int64)]) throws -> Column {
        guard column.viewsBefore <= variadicCounts.count else {
            throw corrupt("a record batch lacks the buffer counts of its view columns")
        }
        var column = column
        for count in variadicCounts.prefix(column.viewsBefore) {
            guard count >= 0, count <= Int64(buffers.count) else { throw corrupt("a view column of \(count) buffers") }
            column.buffer += Int(count)
        }
        return column
    }

    /// The body compression of a record batch: nil, LZ4_FRAME or ZSTD.
    func codec(of batch: FlatBufferTable) throws -> BlockCodec? {
        guard let compression = try batch.table(3) else { return nil }
        switch try compression.uint8(0) {
        case 0: return .lz4Frame
        case 1: return .zstd
        case let other: throw unsupported("body compression \(other)")
        }
    }

    /// Row `row`'s value in a numeric column's `data` as a 64-bit pattern (narrow signed integers
    /// sign-extended); `data` holds at least the rows' values.
    @inline(__always)
    static func pattern(_ data: UnsafeRawBufferPointer, row: Int, of column: Column) -> UInt64 {
        switch column.width {
        case 0: return UInt64((data[row / 8] >> UInt8(row % 8)) & 1)
        case 1:
            let byte = data[row]
            return column.signed ? UInt64(bitPattern: Int64(Int8(bitPattern: byte))) : UInt64(byte)
        case 2:
            let half = data.loadUnaligned(fromByteOffset: 2 * row, as: UInt16.self).littleEndian
            return column.signed ? UInt64(bitPattern: Int64(Int16(bitPattern: half))) : UInt64(half)
        case 4: return UInt64(data.loadUnaligned(fromByteOffset: 4 * row, as: UInt32.self).littleEndian)
        default: return data.loadUnaligned(fromByteOffset: 8 * row, as: UInt64.self).littleEndian
        }
    }

    /// A buffer of the body, decompressed when the batch is compressed; at least `minimum` bytes.
    func buffer(
        _ location: (Int64, Int64), body: UnsafeRawBufferPointer, codec: BlockCodec?, minimum: Int, column: Column,
        into room: PageBuffer
    ) throws -> UnsafeRawBufferPointer {
        let (offset, length) = location
        guard offset >= 0, length >= 0, offset <= Int64(body.count), length <= Int64(body.count) - offset else {
            throw corrupt("column \"\(column.name)\": a buffer outside its message body")
        }
        var raw = UnsafeRawBufferPointer(rebasing: body[Int(offset)..<Int(offset + length)])
        if let codec, !raw.isEmpty {
            guard raw.count >= 8 else { throw corrupt("column \"\(column.name)\": a compressed buffer too short") }
            let size = raw.loadUnaligned(as: Int64.self).littleEndian
            let compressed = UnsafeRawBufferPointer(rebasing: raw[8...])
            if size == -1 {
                raw = compressed
            } else {
                guard size >= 0, size <= Int64(minimum) + 4096 else {
                    throw corrupt("column \"\(column.name)\": a buffer declares \(size) bytes")
                }
                let destination = room.room(Int(size))
                try codec.decompress(
                    compressed, into: destination, what: "column \"\(column.name)\"", at: Location(input))
                raw = UnsafeRawBufferPointer(destination)
            }
        }
        guard raw.count >= minimum else { throw corrupt("column \"\(column.name)\": a buffer shorter than its values") }
        return raw
    }

    // MARK: Schema

    /// The top-level fields' names, the used ones as numeric columns, and the slice columns.
    private static func resolve(_ schema: FlatBufferTable, selection: ColumnSelection, input: String) throws
        -> (ColumnarLayout, [Column], [Column])
    {
        var names: [String] = []
        var starts: [(node: Int, buffer: Int, views: Int, field: FlatBufferTable)] = []
        var node = 0
        var buffer = 0
        var views = 0
        func walk(_ field: FlatBufferTable, depth: Int) throws {
            guard depth < 64 else { throw FlatBufferTable.corrupt(input, "fields nested too deeply") }
            node += 1
            // A dictionary-encoded field is its indices in a record batch: validity and values, no children.
            guard try field.table(4) == nil else {
                buffer += 2
                return
            }
            buffer += try bufferCount(field)
            if try isView(field) { views += 1 }
            for child in try field.tables(5) { try walk(child, depth: depth + 1) }
        }
        for field in try schema.tables(1) {
            names.append(try field.string(0) ?? "")
            starts.append((node, buffer, views, field))
            try walk(field, depth: 0)
        }
        let columns = try ResolvedColumns(header: names, selection: selection, defaultLabel: "label", input: input)
        let used = try columns.slotColumns.map { index in
            let (node, buffer, viewsBefore, field) = starts[index]
            guard try field.table(4) == nil else {
                throw XStreamError(
                    .invalidHeader, "column \"\(names[index])\" is dictionary-encoded, not a number",
                    at: Location(input))
            }
            return try column(
                field, name: names[index], at: (node, buffer, viewsBefore), keys: false, input: input)
        }
        let slices = try columns.sliceColumns.map { index in
            let (node, buffer, viewsBefore, field) = starts[index]
            var slice = try column(
                field, name: names[index], at: (node, buffer, viewsBefore), keys: true, input: input)
            if let encoding = try field.table(4) {
                let indexType = try encoding.table(1)
                let bits = try indexType?.int32(0) ?? 32
                let signed = try indexType.map { try $0.bool(1) } ?? true
                let type: ParquetColumn.ValueType
                switch (bits, signed) {
                case (8, _), (16, _), (32, true): type = .int32
                case (32, false): type = .uint32
                case (64, true): type = .int64
                case (64, false): type = .uint64
                default:
                    throw XStreamError(
                        .invalidHeader, "column \"\(names[index])\" has dictionary indices of \(bits) bits",
                        at: Location(input))
                }
                slice.dictionary = (try encoding.int64(0), type, Int(bits) / 8, signed)
            }
            return slice
        }
        return (ColumnarLayout(columns: columns, formatName: "arrow"), used, slices)
    }

    /// How a field's values are read: a number, or for slice keys (`keys`) also a string or binary value.
    /// - Parameter place: The field's node, first buffer and view columns before it (see ``Column``).
    private static func column(
        _ field: FlatBufferTable, name: String, at place: (node: Int, buffer: Int, viewsBefore: Int), keys: Bool,
        input: String
    ) throws -> Column {
        let refuse = { (what: String) in
            XStreamError(.invalidHeader, "column \"\(name)\" \(what)", at: Location(input))
        }
        func column(_ type: ParquetColumn.ValueType, width: Int, signed: Bool) -> Column {
            Column(
                name: name, node: place.node, buffer: place.buffer, viewsBefore: place.viewsBefore, type: type,
                width: width, signed: signed)
        }
        let kind = keys ? "a slice key" : "a number"
        let typeType = try field.uint8(2)
        let type = try field.table(3)
        switch typeType {
        case 2:
            let bits = try type?.int32(0) ?? 0
            let signed = try type?.bool(1) ?? false
            let valueType: ParquetColumn.ValueType
            switch (bits, signed) {
            case (8, _), (16, _), (32, true): valueType = .int32
            case (32, false): valueType = .uint32
            case (64, true): valueType = .int64
            case (64, false): valueType = .uint64
            default: throw refuse("has an integer width of \(bits) bits")
            }
            // Narrow integers are read at their own width and sign-extended when signed.
            return column(bits < 32 ? (signed ? .int32 : .uint32) : valueType, width: Int(bits) / 8, signed: signed)
        case 3:
            switch try type?.int16(0) ?? 0 {
            case 1: return column(.float, width: 4, signed: true)
            case 2: return column(.double, width: 8, signed: true)
            default: throw refuse("is float16, which is not supported")
            }
        case 6: return column(.boolean, width: 0, signed: false)
        // Binary and Utf8 (32-bit offsets), LargeBinary and LargeUtf8 (64-bit offsets).
        case 4 where keys, 5 where keys: return column(.byteArray, width: 4, signed: false)
        case 19 where keys, 20 where keys: return column(.byteArray, width: 8, signed: false)
        case 12, 13, 16, 17, 21, 25, 26: throw refuse("is nested (a list, map or struct), not \(kind)")
        default: throw refuse("has Arrow type \(typeType), not \(kind)")
        }
    }

    /// The buffers a field of this type has in a record batch (without its children's, and without a view
    /// type's variadic data buffers, which each batch counts).
    private static func bufferCount(_ field: FlatBufferTable) throws -> Int {
        switch try field.uint8(2) {
        case 1: return 0  // Null
        case 4, 5, 19, 20: return 3  // Binary, Utf8, LargeBinary, LargeUtf8: validity, offsets, data
        case 13, 16: return 1  // Struct, FixedSizeList: validity
        case 14: return try field.table(3)?.int16(0) == 1 ? 2 : 1  // Union: types (dense: and offsets)
        case 22: return 0  // RunEndEncoded: children only
        case 25, 26: return 3  // ListView: validity, offsets, sizes
        case 23, 24: return 2  // BinaryView, Utf8View: validity, views (then the batch's variadic data buffers)
        default: return 2  // validity and values (or offsets: List, Map, LargeList)
        }
    }

    /// Whether a field is of a view type (BinaryView, Utf8View), whose data buffers each batch counts.
    private static func isView(_ field: FlatBufferTable) throws -> Bool {
        let typeType = try field.uint8(2)
        return typeType == 23 || typeType == 24
    }

    // MARK: Bytes

    /// Exactly `count` bytes, or nil when the input ends first without any of them.
    private func bytesOrEnd(_ count: Int) throws -> [UInt8]? {
        let data = try bytes(count, allowShort: true)
        if data.isEmpty { return nil }
        guard data.count == count else { throw truncated() }
        return data
    }

    /// Exactly `count` bytes, read in pieces so that a hostile length cannot allocate more than the input holds.
    private func bytes(_ count: Int, allowShort: Bool = false) throws -> [UInt8] {
        var result: [UInt8] = []
        while result.count < count {
            if prefixUsed < prefix.count {
                let take = min(count - result.count, prefix.count - prefixUsed)
                result += prefix[prefixUsed..<prefixUsed + take]
                prefixUsed += take
                continue
            }
            let want = min(count - result.count, 1 << 20)
            let start = result.count
            result += repeatElement(0, count: want)
            let got = try result.withUnsafeMutableBytes {
                try pull(UnsafeMutableRawBufferPointer(rebasing: $0[start..<start + want]))
            }
            if got < want {
                result.removeLast(want - got)
                if allowShort { return result }
                throw truncated()
            }
        }
        return result
    }

    /// Reads the rest of a file after its last message: a footer, its length and the magic, or the file was cut.
    ///
    /// The footer repeats what the messages said (schema, where each batch is), so only its end is checked.
    private func readFooter() throws {
        var tail: [UInt8] = []
        while true {
            let piece = try bytes(1 << 16, allowShort: true)
            tail = Array((tail + piece).suffix(10))
            if piece.count < 1 << 16 { break }
        }
        guard tail.count == 10, tail.suffix(6).elementsEqual(Self.fileMagic) else {
            throw XStreamError(
                .truncatedData, "the Arrow IPC file ends without its footer (cut short, or still being written?)",
                at: Location(input))
        }
    }

    private func skip(_ count: Int) throws {
        var left = count
        while left > 0 {
            let piece = min(left, 1 << 20)
            _ = try bytes(piece)
            left -= piece
        }
    }

    private func truncated() -> XStreamError {
        XStreamError(.truncatedData, "the Arrow IPC data ends inside a message", at: Location(input))
    }

    func corrupt(_ what: String) -> XStreamError {
        XStreamError(.corruptData, "corrupt Arrow IPC data: \(what)", at: Location(input))
    }

    func unsupported(_ what: String) -> XStreamError {
        XStreamError(.invalidHeader, "unsupported Arrow IPC \(what)", at: Location(input))
    }
}
