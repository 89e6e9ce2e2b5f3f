import CVectorMath
import Testing

@testable import XStreamFormats
@testable import XStreamMetrics

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The vectorised log against the C library's, bit for bit. The exhaustive float32 sweep and the 10^10 random
/// doubles are `scripts/check-vector-log`'s; these are the quick versions of both, and the switches.
@Suite struct BatchLogTests {
    private let vector = BatchLog(allowsVectorKernel: true)

    /// The mix of `scripts/check-vector-log`: every positive double, (0, 1), near 1, subnormals, near powers of
    /// two, and the values that are not a positive normal double.
    private static func inputs(count: Int, seed: UInt64) -> [Double] {
        var state = seed
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state
        }
        var values: [Double] = [0, -0.0, -1, -.leastNormalMagnitude, .infinity, -.infinity, .nan, 1, 2, 0.5]
        while values.count < count {
            let s = next()
            switch s % 6 {
            case 0: values.append(Double(bitPattern: (next() >> 1) % 0x7FF0_0000_0000_0000))
            case 1: values.append(Double((next() >> 11) | 1) * 0x1p-53)
            case 2: values.append(1 + (Double(next() >> 11) * 0x1p-53 - 0.5) * 0x1p-19)
            case 3: values.append(Double(bitPattern: 1.0.bitPattern &+ next() % 129 &- 64))
            case 4: values.append(Double(bitPattern: next() % 0x0020_0000_0000_0000 + 1))
            default:
                let power = Double(sign: .plus, exponent: Int(next() % 2046) - 1022, significand: 1)
                values.append(Double(bitPattern: power.bitPattern &+ next() % 17 &- 8))
            }
        }
        return values
    }

    private func expectLibraryBits(_ values: [Double], _ logs: [Double]) {
        var differences = 0
        for (x, result) in zip(values, logs) where result.bitPattern != log(x).bitPattern {
            if differences < 5 { Issue.record("log(\(x.hexFloatDescription)): kernel \(result), library \(log(x))") }
            differences += 1
        }
        #expect(differences == 0)
    }

    @Test func theKernelRunsWhereTheCPUHasIt() {
        #expect(BatchLog.vectorKernelAgrees == (cvectormath_has_vector_kernels() != 0))
        #expect(vector.usesVectorKernel == BatchLog.vectorKernelAgrees)
        #expect(!BatchLog(allowsVectorKernel: false).usesVectorKernel)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func aMillionInputsHaveTheLibrarysBits(seed: UInt64) {
        let values = Self.inputs(count: 1 << 20, seed: seed)
        var logs = values
        logs.withUnsafeMutableBufferPointer { vector.apply($0.baseAddress!, count: $0.count) }
        expectLibraryBits(values, logs)
    }

    @Test func everyBatchLengthAndOffsetHasTheLibrarysBits() {
        let values = Self.inputs(count: 600, seed: 9)
        for count in [0, 1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 255, 256, 257, 511, 513] {
            for offset in [0, 1, 3] where offset + count <= values.count {
                var logs = Array(values[offset..<offset + count])
                logs.withUnsafeMutableBufferPointer { vector.apply($0.baseAddress!, count: $0.count) }
                expectLibraryBits(Array(values[offset..<offset + count]), logs)
            }
        }
    }

    @Test func theSelfCheckInputsCoverTheHardPlaces() {
        let inputs = BatchLog.selfCheckInputs()
        #expect(inputs.count > 6000)
        #expect(inputs.contains(1) && inputs.contains(Double(1).nextUp) && inputs.contains(Double(1).nextDown))
        #expect(inputs.contains(.leastNonzeroMagnitude) && inputs.contains(.leastNormalMagnitude))
        #expect(inputs.allSatisfy { $0 > 0 && $0.isFinite })
    }

    @Test func theKernelDecidesMostInputsItself() throws {
        try #require(cvectormath_has_vector_kernels() != 0)
        let values = (0..<8192).map { Double($0 + 1) / 8193 }
        var undecided = 0
        for start in stride(from: 0, to: values.count, by: 8) {
            var hi = [Double](repeating: 0, count: 8)
            var lo = hi
            var decided = [Int32](repeating: 0, count: 8)
            Array(values[start..<start + 8]).withUnsafeBufferPointer { x in
                cvectormath_log_parts(x.baseAddress!, &hi, &lo, &decided)
            }
            for lane in 0..<8 {
                if decided[lane] != 0 {
                    #expect(hi[lane].bitPattern == log(values[start + lane]).bitPattern)
                    #expect(abs(lo[lane]) < hi[lane].ulp / 2)
                } else {
                    undecided += 1
                }
            }
        }
        // The band left to the library is 2·(0.53 − 0.5 + 2^-7) ≈ 7.6% of uniformly placed results.
        #expect(undecided > 8192 / 25 && undecided < 8192 / 8)
    }
}
