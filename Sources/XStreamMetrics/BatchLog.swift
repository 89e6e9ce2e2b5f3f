import CVectorMath

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Natural logs of many doubles at once, each bit for bit the C library's `log`, the function Python's
/// `math.log` calls, so that users reproduce every term.
///
/// Where the CPU has AVX-512 the vector kernel of `CVectorMath` evaluates them, about twice as fast as one call
/// per value; it stores only results it has proven to be the library's, and passes the rest to `log` (see
/// `cvectormath_log`). The kernel is used only after a self-check against the library on start-up
/// (``vectorKernelAgrees``), so another C library or CPU path falls back to one call per value; so does
/// `XSTREAM_SCALAR_LOG=1` in the environment, or ``EvaluationSettings/usesScalarLog``.
package struct BatchLog: Sendable {
    /// Whether ``apply(_:count:)`` runs the vector kernel.
    package let usesVectorKernel: Bool

    /// - Parameter allowsVectorKernel: false forces one `log` call per value.
    package init(allowsVectorKernel: Bool) {
        usesVectorKernel = allowsVectorKernel && Self.vectorKernelAgrees
    }

    /// Replaces each of the `count` values at `values` with its natural log.
    @inline(__always)
    package func apply(_ values: UnsafeMutablePointer<Double>, count: Int) {
        if usesVectorKernel {
            cvectormath_log(values, values, count)
        } else {
            for i in 0..<count { values[i] = log(values[i]) }
        }
    }

    /// Whether the vector kernel may be used here: the CPU has it, the environment does not ask for the scalar
    /// path, and the kernel returns the library's very bits on the self-check's inputs. Evaluated once.
    package static let vectorKernelAgrees: Bool = {
        guard cvectormath_has_vector_kernels() != 0 else { return false }
        if let value = getenv("XSTREAM_SCALAR_LOG"), String(cString: value) == "1" { return false }
        var logs = selfCheckInputs()
        let expected = logs.map { log($0) }
        logs.withUnsafeMutableBufferPointer { cvectormath_log($0.baseAddress!, $0.baseAddress!, $0.count) }
        return zip(logs, expected).allSatisfy { $0.bitPattern == $1.bitPattern }
    }()

    /// A few thousand inputs where implementations of `log` part ways: around 1, around powers of two (tiny
    /// and huge included), and a pseudo-random spread over all positive doubles, over (0, 1) and near 1.
    static func selfCheckInputs() -> [Double] {
        var inputs: [Double] = []
        for offset: Int64 in -64...64 {
            inputs.append(Double(bitPattern: 1.0.bitPattern &+ UInt64(bitPattern: offset)))
        }
        for exponent in Array(stride(from: -1074, through: 1023, by: 7)) + [-1022, -1, 0, 1] {
            let power = Double(sign: .plus, exponent: exponent, significand: 1)
            inputs += [power.nextDown, power, power.nextUp].filter { $0 > 0 }
        }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2048 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            inputs.append(Double(bitPattern: (state >> 1) % 0x7FF0_0000_0000_0000))
            inputs.append(Double((state >> 11) | 1) * 0x1p-53)
            inputs.append(1 + (Double(state >> 11) * 0x1p-53 - 0.5) * 0x1p-6)
        }
        return inputs
    }
}
