import XStreamCodecs

/// Encodes an `Encodable` value as a ``JSONValue``: objects keep the order in which keys were encoded, and
/// doubles stay exact (``JSONValue/serialized(pretty:)`` writes each in its shortest round-trip form).
public struct JSONValueEncoder {
    /// An encoder; it has no options.
    public init() {}

    /// The value's JSON form.
    /// - Throws: `EncodingError` when the value cannot be encoded (e.g. it encodes nothing).
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = Node()
        try node.encode(value, codingPath: [])
        return node.resolved()
    }

    /// A value under construction: a scalar, or the members or items of a container filled in later.
    fileprivate final class Node {
        var scalar: JSONValue?
        var members: [(String, Node)]?
        var items: [Node]?

        func resolved() -> JSONValue {
            if let members { return .object(members.map { ($0.0, $0.1.resolved()) }) }
            if let items { return .array(items.map { $0.resolved() }) }
            return scalar ?? .null
        }

        /// Encodes `value` into this node: JSON's own scalars directly, anything else through its `encode(to:)`.
        func encode<T: Encodable>(_ value: T, codingPath: [any CodingKey]) throws {
            switch value {
            case let value as Bool: scalar = .bool(value)
            case let value as String: scalar = .string(value)
            case let value as Double: scalar = .double(value)
            case let value as Int: scalar = .int(value)
            case let value as Int64: scalar = .int(Int(value))
            case let value as Int32: scalar = .int(Int(value))
            default: try value.encode(to: NodeEncoder(node: self, codingPath: codingPath))
            }
        }

        // Appended in place: a report of thousands of inputs has arrays of thousands of items.
        func member(_ key: String) -> Node {
            let child = Node()
            if members == nil { members = [] }
            members!.append((key, child))
            return child
        }

        func item() -> Node {
            let child = Node()
            if items == nil { items = [] }
            items!.append(child)
            return child
        }
    }

    private struct NodeEncoder: Encoder {
        let node: Node
        var codingPath: [any CodingKey]
        var userInfo: [CodingUserInfoKey: Any] { [:] }

        func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
            if node.members == nil { node.members = [] }
            return KeyedEncodingContainer(KeyedContainer<Key>(node: node, codingPath: codingPath))
        }

        func unkeyedContainer() -> any UnkeyedEncodingContainer {
            if node.items == nil { node.items = [] }
            return UnkeyedContainer(node: node, codingPath: codingPath)
        }

        func singleValueContainer() -> any SingleValueEncodingContainer {
            SingleContainer(node: node, codingPath: codingPath)
        }
    }

    private struct KeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil(forKey key: Key) throws { node.member(key.stringValue).scalar = .null }

        mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
            try node.member(key.stringValue).encode(value, codingPath: codingPath + [key])
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
            -> KeyedEncodingContainer<NestedKey>
        {
            NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).container(
                keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key]).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder {
            NodeEncoder(node: node.member("super"), codingPath: codingPath)
        }

        mutating func superEncoder(forKey key: Key) -> any Encoder {
            NodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
        }
    }

    private struct UnkeyedContainer: UnkeyedEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]
        var count: Int { node.items?.count ?? 0 }

        mutating func encodeNil() throws { node.item().scalar = .null }

        mutating func encode<T: Encodable>(_ value: T) throws {
            try node.item().encode(value, codingPath: codingPath)
        }

        mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
            -> KeyedEncodingContainer<NestedKey>
        {
            NodeEncoder(node: node.item(), codingPath: codingPath).container(keyedBy: keyType)
        }

        mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
            NodeEncoder(node: node.item(), codingPath: codingPath).unkeyedContainer()
        }

        mutating func superEncoder() -> any Encoder { NodeEncoder(node: node.item(), codingPath: codingPath) }
    }

    private struct SingleContainer: SingleValueEncodingContainer {
        let node: Node
        var codingPath: [any CodingKey]

        mutating func encodeNil() throws { node.scalar = .null }

        mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
    }
}
