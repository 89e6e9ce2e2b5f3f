import XStreamCodecs

/// One flat column of a Parquet file, as the reader decodes it: its physical type, how its integers are to be
/// read, whether it may hold nulls, and its codec.
struct ParquetColumn {
    /// Physical types: BOOLEAN, INT32, INT64, FLOAT, DOUBLE, and BYTE_ARRAY (strings and binary values, read
    /// only as slice keys). Arrow IPC columns use the same types (its utf8 and binary as `byteArray`).
    enum ValueType {
        case boolean, int32, uint32, int64, uint64, float, double, byteArray

        /// Bytes per PLAIN value (booleans are bits; byte arrays vary).
        var width: Int {
            switch self {
            case .boolean, .byteArray: 0
            case .int32, .uint32, .float: 4
            case .int64, .uint64, .double: 8
            }
        }

        /// The value of `pattern` (the low `width` bytes) widened to a double: exactly, except 64-bit integers
        /// beyond 2^53, which round to nearest. Byte arrays are no numbers (NaN).
        @inline(__always)
        func double(_ pattern: UInt64) -> Double {
            switch self {
            case .boolean: Double(pattern & 1)
            case .int32: Double(Int32(truncatingIfNeeded: pattern))
            case .uint32: Double(UInt32(truncatingIfNeeded: pattern))
            case .int64: Double(Int64(bitPattern: pattern))
            case .uint64: Double(pattern)
            case .float: Double(Float(bitPattern: UInt32(truncatingIfNeeded: pattern)))
            case .double: Double(bitPattern: pattern)
            case .byteArray: .nan
            }
        }
    }

    /// The column's name, for messages.
    var name: String
    /// Its index among the file's leaf columns (the column chunk's index in each row group).
    var leafIndex: Int
    var type: ValueType
    /// True when the column is OPTIONAL: its pages carry definition levels (maximum level 1).
    var isOptional: Bool
}
