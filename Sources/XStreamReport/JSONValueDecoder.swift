import XStreamCodecs

/// Decodes a `Decodable` value from a ``JSONValue``, with exact doubles: numbers, and the strings
/// `"Infinity"`, `"-Infinity"` and `"NaN"` that the writer uses for non-finite values.
public struct JSONValueDecoder {
    /// A decoder; it has no options.
    public init() {}

    /// Decodes a `T` from `value`.
    /// - Throws: `DecodingError` naming the coding path of the first mismatch.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try Self.decode(type, from: value, codingPath: [])
    }

    fileprivate static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue, codingPath: [any CodingKey])
        throws -> T
    {
        func mismatch(_ expected: String) -> DecodingError {
            DecodingError.typeMismatch(
                T.self, .init(codingPath: codingPath, debugDescription: "expected \(expected), found \(value.kind)"))
        }
        switch type {
        case is Bool.Type:
            guard case .bool(let bool) = value else { throw mismatch("a boolean") }
            return bool as! T
        case is String.Type:
            guard case .string(let string) = value else { throw mismatch("a string") }
            return string as! T
        case is Double.Type:
            guard let double = value.doubleValue else { throw mismatch("a number") }
            return double as! T
        case is Int.Type:
            guard case .int(let int) = value else { throw mismatch("an integer") }
            return int as! T
        case is Int64.Type:
            guard case .int(let int) = value else { throw mismatch("an integer") }
            return Int64(int) as! T
        default:
            return try T(from: ValueDecoder(value: value, codingPath: codingPath))
        }
    }

    private struct ValueDecoder: Decoder {
        let value: JSONValue
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
            guard case .object(let members) = value else {
                throw DecodingError.typeMismatch(
                    [String: JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an object"))
            }
            return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
        }

        func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
            guard case .array(let items) = value else {
                throw DecodingError.typeMismatch(
                    [JSONValue].self, .init(codingPath: codingPath, debugDescription: "expected an array"))
            }
            return UnkeyedContainer(items: items, codingPath: codingPath)
        }

        func singleValueContainer() throws -> any SingleValueDecodingContainer {
            SingleContainer(value: value, codingPath: codingPath)
        }
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
        let members: [(String, JSONValue)]
        var codingPath: [any CodingKey]

        var allKeys: [Key] { members.compactMap { Key(stringValue: $0.0) } }

        func contains(_ key: Key) -> Bool { members.contains { $0.0 == key.stringValue } }

        private func member(_ key: Key) throws -> JSONValue {
            guard let member = members.first(where: { $0.0 == key.stringValue }) else {
                throw DecodingError.keyNotFound(
                    key, .init(codingPath: codingPath, debugDescription: "no \"\(key.stringValue)\""))
            }
            return member.1
        }

        func decodeNil(forKey key: Key) throws -> Bool { try member(key) == .null }

        func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
            try JSONValueDecoder.decode(type, from: member(key), codingPath: codingPath + [key])
        }

        func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try ValueDecoder(value: member(key), codingPath: codingPath + [key]).container(keyedBy: type)
        }

        func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
            try ValueDecoder(value: member(key), codingPath: codingPath + [key]).unkeyedContainer()
        }

        func superDecoder() throws -> any Decoder {
            ValueDecoder(value: .object(members), codingPath: codingPath)
        }

        func superDecoder(forKey key: Key) throws -> any Decoder {
            try ValueDecoder(value: member(key), codingPath: codingPath + [key])
        }
    }

    private struct UnkeyedContainer: UnkeyedDecodingContainer {
        let items: [JSONValue]
        var codingPath: [any CodingKey]
        var currentIndex = 0
        var count: Int? { items.count }
        var isAtEnd: Bool { currentIndex >= items.count }

        init(items: [JSONValue], codingPath: [any CodingKey]) {
            self.items = items
            self.codingPath = codingPath
        }

        private mutating func next() throws -> JSONValue {
            guard !isAtEnd else {
                throw DecodingError.valueNotFound(
                    JSONValue.self, .init(codingPath: codingPath, debugDescription: "the array has ended"))
            }
            defer { currentIndex += 1 }
            return items[currentIndex]
        }

        mutating func decodeNil() throws -> Bool {
            guard !isAtEnd, items[currentIndex] == .null else { return false }
            currentIndex += 1
            return true
        }

        mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONValueDecoder.decode(type, from: next(), codingPath: codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
            -> KeyedDecodingContainer<NestedKey>
        {
            try ValueDecoder(value: next(), codingPath: codingPath).container(keyedBy: type)
        }

        mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
            try ValueDecoder(value: next(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superDecoder() throws -> any Decoder {
            try ValueDecoder(value: next(), codingPath: codingPath)
        }
    }

    private struct SingleContainer: SingleValueDecodingContainer {
        let value: JSONValue
        var codingPath: [any CodingKey]

        func decodeNil() -> Bool { value == .null }

        func decode<T: Decodable>(_ type: T.Type) throws -> T {
            try JSONValueDecoder.decode(type, from: value, codingPath: codingPath)
        }
    }
}
