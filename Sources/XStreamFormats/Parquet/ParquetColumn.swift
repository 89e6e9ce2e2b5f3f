import XStreamCodecs

/// One flat numeric column of a Parquet file, as the reader decodes it: its physical type, how its integers
/// are to be read, whether it may hold nulls, and its codec.
struct ParquetColumn {
    /// Physical types: BOOLEAN, INT32, INT64, FLOAT, DOUBLE.
    enum ValueType {
        case boolean, int32, uint32, int64, uint64, float, double

        /// Bytes per PLAIN value (booleans are bits).
        var width: Int {
            switch self {
            case .boolean: 0
            case .int32, .uint32, .float: 4
            case .int64, .uint64, .double: 8
            }
        }

        /// The value of `pattern` (the low `width` bytes) widened to a double: exactly, except 64-bit integers
        /// beyond 2^53, which round to nearest.
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
