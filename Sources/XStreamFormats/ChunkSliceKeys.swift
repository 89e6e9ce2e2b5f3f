/// The slice keys of one chunk's records: each distinct key once, and per record position the index of its
/// key.
///
/// Records are told apart by the raw bytes of their slice fields (a columnar chunk's by their key ids), so a
/// key's text is made once per distinct spelling in a chunk, not once per record. Two spellings of one text
/// (`a` and `"a"` in CSV) are two entries with equal keys; whoever counts slices merges them by key.
package struct ChunkSliceKeys {
    /// The distinct keys, in the order first seen.
    package private(set) var keys: [SliceKey] = []
    /// Per record position (CSV: per line), the index in ``keys`` of its key.
    package private(set) var keyIndices: [Int32] = []

    private var interner = RawKeyInterner()

    package init() {}

    /// Keys indexed as they are, as a columnar chunk's key ids index its key table's texts (equal keys at two
    /// indices are fine, as for two spellings).
    /// - Parameters:
    ///   - keys: The keys.
    ///   - keyIndices: Per record position, the index in `keys` of its key.
    package init(keys: [SliceKey], keyIndices: [Int32]) {
        self.keys = keys
        self.keyIndices = keyIndices
    }

    /// Adds the next record position, whose slice fields' raw bytes are `raw`.
    /// - Returns: true when these bytes were not seen before in the chunk: then ``addKey(_:)`` must follow
    ///   with their key.
    @inline(__always)
    mutating func append(raw: UnsafeRawBufferPointer) -> Bool {
        let (index, isNew) = interner.index(of: raw)
        keyIndices.append(index)
        return isNew
    }

    /// The key of the raw bytes that ``append(raw:)`` just saw for the first time.
    mutating func addKey(_ key: SliceKey) { keys.append(key) }
}

/// Gives each distinct byte string an index, in the order first seen: an open-addressing hash table over an
/// arena of the strings, which allocates only when it grows. Strings of up to eight bytes, the common keys,
/// are compared as one word.
struct RawKeyInterner {
    private var arena: [UInt8] = []
    /// Per index: where its bytes start in the arena, how many there are, its first eight bytes as a word,
    /// and its hash.
    private var entries: [(start: Int, count: Int, head: UInt64, hash: UInt64)] = []
    /// Per table slot: the index stored there, or −1.
    private var table = [Int32](repeating: -1, count: 64)

    /// The index of `bytes`, and whether it is new.
    mutating func index(of bytes: UnsafeRawBufferPointer) -> (index: Int32, isNew: Bool) {
        let head = Self.head(bytes)
        let hash = Self.hash(bytes, head: head)
        let mask = table.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = table[slot]
            if stored < 0 { break }
            let entry = entries[Int(stored)]
            if entry.hash == hash, entry.head == head, entry.count == bytes.count,
                bytes.count <= 8 || arena.withUnsafeBytes({ Self.equal($0.baseAddress! + entry.start, bytes) })
            {
                return (stored, false)
            }
            slot = (slot + 1) & mask
        }
        let index = Int32(entries.count)
        table[slot] = index
        entries.append((arena.count, bytes.count, head, hash))
        if bytes.count > 8 { arena.append(contentsOf: bytes) }
        if entries.count * 2 > table.count { grow() }
        return (index, true)
    }

    /// Keys are short: a loop beats a call to `memcmp`.
    @inline(__always)
    private static func equal(_ stored: UnsafeRawPointer, _ bytes: UnsafeRawBufferPointer) -> Bool {
        for i in 0..<bytes.count where stored.load(fromByteOffset: i, as: UInt8.self) != bytes[i] { return false }
        return true
    }

    private mutating func grow() {
        table = [Int32](repeating: -1, count: table.count * 2)
        let mask = table.count - 1
        for (index, entry) in entries.enumerated() {
            var slot = Int(truncatingIfNeeded: entry.hash) & mask
            while table[slot] >= 0 { slot = (slot + 1) & mask }
            table[slot] = Int32(index)
        }
    }

    /// The first eight bytes (fewer when shorter) as one word.
    @inline(__always)
    private static func head(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var word: UInt64 = 0
        for i in 0..<min(8, bytes.count) { word |= UInt64(bytes[i]) << (8 * UInt64(i)) }
        return word
    }

    /// The head and the length, then the rest eight bytes at a time, multiplied in; then a final mix so that
    /// the low bits, which pick the slot, depend on every byte.
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer, head: UInt64) -> UInt64 {
        let multiplier: UInt64 = 0x9e37_79b9_7f4a_7c15
        var hash = (UInt64(bytes.count) &* multiplier ^ head) &* multiplier
        var offset = 8
        while offset < bytes.count {
            var word: UInt64 = 0
            for i in offset..<min(offset + 8, bytes.count) { word |= UInt64(bytes[i]) << (8 * UInt64(i - offset)) }
            hash = (hash ^ (hash >> 29) ^ word) &* multiplier
            offset += 8
        }
        hash ^= hash >> 33
        hash = hash &* 0xff51_afd7_ed55_8ccd
        return hash ^ (hash >> 33)
    }
}
