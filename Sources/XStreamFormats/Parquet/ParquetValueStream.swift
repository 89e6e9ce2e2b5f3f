/// A value column of a Parquet file's current row group, decoded a page at a time as its rows are copied out:
/// a reader holds a page's doubles for each column, not the row group's.
///
/// Not `Sendable`: one reader owns it.
struct ParquetValueStream {
    /// Memory for the column chunk's bytes, reused from row group to row group.
    let storage = PageBuffer()
    /// Memory for the decoded dictionary and the current page's decoded rows.
    private let dictionaryStorage = PageBuffer()
    private let pageStorage = PageBuffer()
    /// The current row group's column chunk (in ``storage``) and the decoder of its pages.
    private var chunk = UnsafeRawBufferPointer(start: nil, count: 0)
    private var decoder: ParquetColumnChunkDecoder?
    private var walk = ParquetColumnChunkDecoder.PageWalk(rows: 0)
    /// The chunk's dictionary (in `dictionaryStorage`), once its dictionary page has been read.
    private var dictionary: UnsafeBufferPointer<Double>?
    /// The current page's rows (in `pageStorage`), and how many of them are copied out.
    private var page = UnsafeBufferPointer<Double>(start: nil, count: 0)
    private var used = 0

    /// Starts on a row group of `rows` rows whose column chunk is `chunk` (in ``storage``).
    mutating func start(_ chunk: UnsafeRawBufferPointer, rows: Int, decoder: ParquetColumnChunkDecoder) {
        self.chunk = chunk
        self.decoder = decoder
        walk = ParquetColumnChunkDecoder.PageWalk(rows: rows)
        dictionary = nil
        page = UnsafeBufferPointer(start: nil, count: 0)
        used = 0
    }

    /// Writes the next `count` rows' doubles (see ``ParquetColumnChunkDecoder/decode(_:dictionary:into:)``)
    /// to `destination`, one every `stride` doubles, decoding pages as they are needed; the rows must not go
    /// beyond the row group's.
    /// - Throws: ``XStreamError`` when a page is damaged or the chunk ends before its rows.
    mutating func copy(_ count: Int, to destination: UnsafeMutablePointer<Double>, stride: Int) throws {
        var out = destination
        var remaining = count
        while remaining > 0 {
            if used == page.count { try decodeNextPage() }
            let end = used + min(remaining, page.count - used)
            for row in used..<end {
                out.pointee = page[row]
                out += stride
            }
            remaining -= end - used
            used = end
        }
    }

    /// Decodes the next data page with rows into ``page`` (and a dictionary page on the way).
    private mutating func decodeNextPage() throws {
        guard let decoder else { preconditionFailure("rows copied before a row group started") }
        page = UnsafeBufferPointer(start: nil, count: 0)
        used = 0
        while let next = try decoder.nextPage(chunk, &walk) {
            switch next {
            case .dictionary(let entries, let count):
                dictionary = nil
                try decoder.checkPlain(entries, count: count)
                let room = dictionaryStorage.room(8 * count).bindMemory(to: Double.self)
                try decoder.plainValues(entries, into: room)
                dictionary = UnsafeBufferPointer(room)
            case .data(let data):
                let rows = pageStorage.room(8 * data.count).bindMemory(to: Double.self)
                try decoder.decode(data, dictionary: dictionary, into: rows)
                page = UnsafeBufferPointer(rows)
                if data.count > 0 { return }
            }
        }
        preconditionFailure("rows copied beyond the row group")
    }
}
