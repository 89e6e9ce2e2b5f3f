import XStreamCodecs

/// The parts of a Parquet footer (`FileMetaData`, Thrift compact) that reading flat numeric columns needs.
///
/// Statistics, indexes and key-value metadata are skipped: values are always decoded from the pages.
struct ParquetMetadata {
    /// A `SchemaElement`: a column (leaf) or a group.
    struct SchemaElement {
        var physicalType: Int32?
        /// 0 REQUIRED, 1 OPTIONAL, 2 REPEATED.
        var repetition: Int32?
        var name = ""
        var childCount: Int32 = 0
        var convertedType: Int32?
        /// The `INTEGER` logical type's signedness, when the logical type is an integer.
        var logicalIntegerSigned: Bool?
        /// True when a logical type other than INTEGER is set (DECIMAL, TIMESTAMP, …).
        var otherLogicalType = false
    }

    /// A `ColumnMetaData` of one column chunk.
    struct ColumnChunk {
        var physicalType: Int32 = -1
        var path: [String] = []
        var codec: Int32 = 0
        var valueCount: Int64 = 0
        var compressedSize: Int64 = 0
        var dataPageOffset: Int64 = -1
        var dictionaryPageOffset: Int64?
        /// Set when the chunk lives in another file, which is not supported.
        var externalFile = false
    }

    /// A `RowGroup`.
    struct RowGroup {
        var rowCount: Int64 = 0
        var columns: [ColumnChunk] = []
    }

    var schema: [SchemaElement] = []
    var rowCount: Int64 = 0
    var rowGroups: [RowGroup] = []

    /// Decodes a footer.
    /// - Throws: ``XStreamError`` (`corruptData`) for anything that is not well-formed Thrift.
    init(_ bytes: UnsafeRawBufferPointer, input: String) throws {
        var reader = ThriftCompactReader(bytes, input: input)
        var schema: [SchemaElement] = []
        var rowCount: Int64 = 0
        var rowGroups: [RowGroup] = []
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (2, .list): try reader.readList { reader, _ in schema.append(try Self.schemaElement(&reader)) }
            case (3, .i64): rowCount = try reader.i64()
            case (4, .list): try reader.readList { reader, _ in rowGroups.append(try Self.rowGroup(&reader)) }
            default: try reader.skip(type)
            }
        }
        self.schema = schema
        self.rowCount = rowCount
        self.rowGroups = rowGroups
    }

    private static func schemaElement(_ reader: inout ThriftCompactReader) throws -> SchemaElement {
        var element = SchemaElement()
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .i32): element.physicalType = try reader.i32()
            case (3, .i32): element.repetition = try reader.i32()
            case (4, .binary): element.name = try reader.string()
            case (5, .i32): element.childCount = try reader.i32()
            case (6, .i32): element.convertedType = try reader.i32()
            case (10, .structure):
                // LogicalType is a union; field 10 is INTEGER (IntType: 1 bitWidth, 2 isSigned).
                try reader.readStruct { reader, id, type in
                    if id == 10, type == .structure {
                        try reader.readStruct { reader, id, type in
                            if id == 2, type == .booleanTrue || type == .booleanFalse {
                                element.logicalIntegerSigned = try reader.boolean(type)
                            } else {
                                try reader.skip(type)
                            }
                        }
                    } else {
                        element.otherLogicalType = true
                        try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        return element
    }

    private static func rowGroup(_ reader: inout ThriftCompactReader) throws -> RowGroup {
        var group = RowGroup()
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .list): try reader.readList { reader, _ in group.columns.append(try columnChunk(&reader)) }
            case (3, .i64): group.rowCount = try reader.i64()
            default: try reader.skip(type)
            }
        }
        return group
    }

    private static func columnChunk(_ reader: inout ThriftCompactReader) throws -> ColumnChunk {
        var chunk = ColumnChunk()
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .binary): chunk.externalFile = !(try reader.binary()).isEmpty
            case (3, .structure):
                try reader.readStruct { reader, id, type in
                    switch (id, type) {
                    case (1, .i32): chunk.physicalType = try reader.i32()
                    case (3, .list): try reader.readList { reader, _ in chunk.path.append(try reader.string()) }
                    case (4, .i32): chunk.codec = try reader.i32()
                    case (5, .i64): chunk.valueCount = try reader.i64()
                    case (7, .i64): chunk.compressedSize = try reader.i64()
                    case (9, .i64): chunk.dataPageOffset = try reader.i64()
                    case (11, .i64): chunk.dictionaryPageOffset = try reader.i64()
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        return chunk
    }
}
