/// A Parquet `PageHeader` (Thrift compact), with the fields of data pages v1 and v2 and dictionary pages.
struct ParquetPageHeader {
    /// 0 DATA_PAGE, 1 INDEX_PAGE, 2 DICTIONARY_PAGE, 3 DATA_PAGE_V2.
    var type: Int32 = -1
    var uncompressedSize: Int32 = -1
    var compressedSize: Int32 = -1
    /// Values in the page, nulls included.
    var valueCount: Int32 = 0
    var encoding: Int32 = 0
    /// Data page v2: the byte lengths of the (uncompressed) levels before the values.
    var definitionLevelsLength: Int32 = 0
    var repetitionLevelsLength: Int32 = 0
    /// Data page v2: whether the values section is compressed.
    var isCompressed = true

    /// Decodes a header at the front of `reader`'s bytes.
    init(_ reader: inout ThriftCompactReader) throws {
        var header = ParquetPageHeader.empty
        try reader.readStruct { reader, id, type in
            switch (id, type) {
            case (1, .i32): header.type = try reader.i32()
            case (2, .i32): header.uncompressedSize = try reader.i32()
            case (3, .i32): header.compressedSize = try reader.i32()
            case (5, .structure), (7, .structure), (8, .structure):
                let version2 = id == 8
                try reader.readStruct { reader, id, type in
                    switch (id, type, version2) {
                    case (1, .i32, _): header.valueCount = try reader.i32()
                    case (2, .i32, false), (4, .i32, true): header.encoding = try reader.i32()
                    case (5, .i32, true): header.definitionLevelsLength = try reader.i32()
                    case (6, .i32, true): header.repetitionLevelsLength = try reader.i32()
                    case (7, .booleanTrue, true), (7, .booleanFalse, true):
                        header.isCompressed = try reader.boolean(type)
                    default: try reader.skip(type)
                    }
                }
            default: try reader.skip(type)
            }
        }
        self = header
    }

    private init() {}
    private static let empty = ParquetPageHeader()
}
