extension NPYScalarType {
    /// The NumPy type string, little-endian where the size needs an order.
    package var typeString: String {
        let kindCharacter: Character
        switch kind {
        case .signed: kindCharacter = "i"
        case .unsigned: kindCharacter = "u"
        case .float: kindCharacter = "f"
        case .bool: kindCharacter = "b"
        case .other(let character): kindCharacter = character
        }
        return "\(size == 1 ? "|" : "<")\(kindCharacter)\(size)"
    }

    /// Writes `value` (an exact integer when this is an integer type) at `pointer`, little-endian.
    package func store(_ value: Double, at pointer: UnsafeMutableRawPointer) {
        switch (kind, size) {
        case (.float, 4): pointer.storeBytes(of: Float(value).bitPattern.littleEndian, as: UInt32.self)
        case (.float, _): pointer.storeBytes(of: value.bitPattern.littleEndian, as: UInt64.self)
        case (.unsigned, 1): pointer.storeBytes(of: UInt8(value), as: UInt8.self)
        case (.signed, 1): pointer.storeBytes(of: Int8(value), as: Int8.self)
        case (.unsigned, 2): pointer.storeBytes(of: UInt16(value).littleEndian, as: UInt16.self)
        case (.signed, 2): pointer.storeBytes(of: Int16(value).littleEndian, as: Int16.self)
        case (.unsigned, 4): pointer.storeBytes(of: UInt32(value).littleEndian, as: UInt32.self)
        case (.signed, 4): pointer.storeBytes(of: Int32(value).littleEndian, as: Int32.self)
        default: pointer.storeBytes(of: Int64(value).littleEndian, as: Int64.self)
        }
    }
}
