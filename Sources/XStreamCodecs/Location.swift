/// Where in the inputs something is: an input, and optionally a line or record in it and a compressed byte
/// offset.
public struct Location: Sendable, Equatable, CustomStringConvertible {
    /// A position within an input.
    public enum Position: Sendable, Equatable {
        /// A CSV line, counted from 1 (the header is line 1).
        case line(Int)
        /// A `.npy` record, counted from 0 as NumPy indexes them.
        case record(Int)
    }

    /// The input's name: its path as given, `-` for standard input, or the name given to a byte source.
    public var input: String
    /// The line or record, when the problem is in one.
    public var position: Position?
    /// The offset in the compressed bytes, when a codec found the problem.
    public var compressedByteOffset: Int?

    /// - Parameters:
    ///   - input: The input's name.
    ///   - position: The line or record, if any.
    ///   - compressedByteOffset: The compressed byte offset, if a codec found the problem.
    public init(_ input: String, position: Position? = nil, compressedByteOffset: Int? = nil) {
        self.input = input
        self.position = position
        self.compressedByteOffset = compressedByteOffset
    }

    /// `a.csv:12` for a line, `a.npy: record 12` for a record, else the input's name (a byte offset is part of
    /// the error's detail).
    public var description: String {
        switch position {
        case nil: input
        case .line(let line): "\(input):\(line)"
        case .record(let record): "\(input): record \(record)"
        }
    }
}
