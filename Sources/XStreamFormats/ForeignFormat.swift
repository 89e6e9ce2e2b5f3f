import XStreamCodecs

/// Formats xstream recognises but does not read, and bytes that are not CSV text: found at the start of the
/// decompressed data, where CSV and `.npy` are told apart, and named with what to do instead.
package enum ForeignFormat {
    /// A signature at the start of a file and what to say about it.
    private struct Signature {
        var magic: [UInt8]
        var advice: String
    }

    private static let signatures: [Signature] = [
        Signature(
            magic: [0x50, 0x4B, 0x03, 0x04],
            advice: "a zip archive, which xstream does not read; use unzip -p FILE | xstream eval - or extract it"),
        Signature(
            magic: [0xFF, 0xFE],
            advice: "UTF-16 text (little-endian), which xstream does not read; convert it to UTF-8 first "
                + "(iconv -f UTF-16 -t UTF-8)"),
        Signature(
            magic: [0xFE, 0xFF],
            advice: "UTF-16 text (big-endian), which xstream does not read; convert it to UTF-8 first "
                + "(iconv -f UTF-16 -t UTF-8)"),
        Signature(
            magic: Array("FEA1".utf8),
            advice: "a Feather v1 file, which xstream does not read; rewrite it as Feather v2 (an Arrow IPC "
                + "file: pyarrow.feather.write_feather(pyarrow.feather.read_table(path), new_path))"),
        Signature(
            magic: [0xFF, 0x06, 0x00, 0x00, 0x73, 0x4E, 0x61, 0x50, 0x70, 0x59],
            advice: "Snappy-framed, which xstream does not decode; decompress it first (python -m snappy -d) or "
                + "recompress it with zstd"),
    ]

    /// How many leading bytes ``check(start:path:)`` needs to see, when the input has that many.
    package static let signatureLength = 10

    /// Throws when the decompressed data starts with the signature of a format xstream does not read.
    /// - Parameter start: The first bytes of the decompressed input (at least ``signatureLength`` unless the
    ///   input is shorter).
    /// - Throws: ``XStreamError`` (`invalidHeader`) naming the file and the format, with what to do instead.
    package static func check(start: UnsafeRawBufferPointer, path: String) throws {
        for signature in signatures where start.starts(with: signature.magic) {
            throw XStreamError(.invalidHeader, signature.advice, at: Location(path))
        }
    }

    /// Throws when a CSV header line holds bytes no text has: NUL or other control characters but tab and the
    /// delimiter (which may be one, such as the unit separator 0x1F).
    /// - Throws: ``XStreamError`` (`invalidHeader`) naming the file and the first such byte.
    package static func checkText(header: UnsafeRawBufferPointer, delimiter: UInt8, path: String) throws {
        // A carriage return may end the line.
        let line = header.last == 0x0D ? UnsafeRawBufferPointer(rebasing: header.dropLast()) : header
        let isControl = { (byte: UInt8) in (byte < 0x20 && byte != 0x09 && byte != delimiter) || byte == 0x7F }
        guard let offset = line.firstIndex(where: isControl) else { return }
        throw XStreamError(
            .invalidHeader,
            "does not look like CSV text (byte \(offset) of its first line is \(EscapedText.printable(bytes: [line[offset]]))); "
                + "xstream reads CSV, .npy, Parquet and Arrow IPC, plain or compressed with zstd, lz4, gzip, bzip2 or xz",
            at: Location(path))
    }
}
