import XStreamCodecs
import XStreamEngine

extension EvaluationPartial {
    /// What ends every partial file: `,"checksum":"xxh64:`, 16 hexadecimal digits, `"}` and a newline.
    private static let checksumPrefix = Array(#","checksum":"xxh64:"#.utf8)
    private static let trailerCount = checksumPrefix.count + 16 + 3

    /// The partial file (`docs/partial-format.md`): one line of compact JSON whose last member, `checksum`, is
    /// the XXH64 of every byte before it, so a damaged file is refused instead of being read as numbers.
    public func fileText() -> String {
        var copy = self
        copy.xstreamVersion = XStreamVersion.current
        // Every member encodes to JSON without fail: numbers, strings, booleans, arrays and objects only.
        var body = ((try? JSONValueEncoder().encode(copy)) ?? .null).serialized(pretty: false)
        body.removeLast()  // the closing brace: the checksum member comes before it
        return body + String(decoding: Self.checksumPrefix, as: UTF8.self) + XXH64.hexDigest(of: Array(body.utf8))
            + "\"}\n"
    }

    /// Reads a partial file written by ``fileText()``.
    /// - Parameters:
    ///   - bytes: The file's bytes.
    ///   - name: The file's name, for messages.
    /// - Throws: ``XStreamError`` (`invalidPartial`) for a file that is not a partial, is of another format
    ///   version, holds a member this version does not know, or is damaged (its checksum does not match).
    public init(fileBytes bytes: [UInt8], name: String) throws {
        func refuse(_ detail: String) -> XStreamError { XStreamError(.invalidPartial, detail, at: Location(name)) }
        let bodyCount = bytes.count - Self.trailerCount
        guard bodyCount > 0,
            bytes[bodyCount..<(bodyCount + Self.checksumPrefix.count)].elementsEqual(Self.checksumPrefix),
            bytes.suffix(3).elementsEqual(Array("\"}\n".utf8))
        else {
            throw refuse(
                bytes.starts(with: Array(#"{"format":"xstream-partial""#.utf8))
                    ? "damaged or truncated partial: it does not end with its checksum"
                    : "not an xstream partial file (it does not start with {\"format\":\"xstream-partial\")")
        }
        let stored = String(decoding: bytes[(bodyCount + Self.checksumPrefix.count)..<(bytes.count - 3)], as: UTF8.self)
        let computed = XXH64.hexDigest(of: Array(bytes[..<bodyCount]))
        guard stored == computed else {
            throw refuse("damaged partial: its checksum is xxh64:\(stored) but its bytes hash to xxh64:\(computed)")
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(String(decoding: bytes, as: UTF8.self))
        } catch let error as XStreamError {
            throw refuse("not valid JSON (\(error.detail))")
        }
        do {
            self = try JSONValueDecoder().decode(EvaluationPartial.self, from: value)
        } catch let error as DecodingError {
            throw refuse("not a partial this xstream can read (\(EvaluationReport.describe(error)))")
        }
        if let unknown = Self.firstUnknownMember(in: value, known: try JSONValueEncoder().encode(self), path: "") {
            throw refuse(
                "unknown member \(unknown): written by a later xstream? (this one is \(XStreamVersion.current))")
        }
    }

    /// The first member of `value` that `known` (the same partial written again) lacks, as a path; the
    /// top-level checksum is the file layer's own.
    private static func firstUnknownMember(in value: JSONValue, known: JSONValue, path: String) -> String? {
        switch (value, known) {
        case (.object(let members), .object(let knownMembers)):
            for (key, member) in members where !(path.isEmpty && key == "checksum") {
                let memberPath = path.isEmpty ? "\"\(key)\"" : "\(path).\"\(key)\""
                guard let knownMember = knownMembers.first(where: { $0.0 == key })?.1 else { return memberPath }
                if let unknown = firstUnknownMember(in: member, known: knownMember, path: memberPath) { return unknown }
            }
        case (.array(let items), .array(let knownItems)) where items.count == knownItems.count:
            for (index, (item, knownItem)) in zip(items, knownItems).enumerated() {
                if let unknown = firstUnknownMember(in: item, known: knownItem, path: "\(path)[\(index)]") {
                    return unknown
                }
            }
        default: break
        }
        return nil
    }
}
