/// The values of a row's slice columns, as text: the key its slice is known by.
///
/// Keys order as tuples of UTF-8 byte strings (the first value first), which is how reports sort slices.
public struct SliceKey: Hashable, Sendable, Comparable {
    /// One text per slice column, in the order the columns were named.
    public var values: [String]

    /// A key of `values`.
    public init(_ values: [String]) { self.values = values }

    /// Tuple order over the values' UTF-8 bytes.
    public static func < (lhs: SliceKey, rhs: SliceKey) -> Bool {
        for (a, b) in zip(lhs.values, rhs.values) where a != b {
            return a.utf8.lexicographicallyPrecedes(b.utf8)
        }
        return lhs.values.count < rhs.values.count
    }
}
