import Testing
import XStreamCore

@testable import XStreamEngine
@testable import xstream

/// Option values and progress figures at their extremes: parsed or refused, never a trap.
@Suite struct OptionValueTests {
    @Test(arguments: [
        ("1", 1), ("100", 100), ("1K", 1024), ("1k", 1024), ("256KiB", 256 << 10), ("1MB", 1 << 20), ("1G", 1 << 30),
        ("1024G", 1 << 40),
    ])
    func byteCountsThatParse(text: String, bytes: Int) {
        #expect(ByteCount(argument: text)?.bytes == bytes)
    }

    @Test(arguments: [
        "", "0", "-1", "K", "B", "1025G", "1T", "1.5K", "9223372036854775807", "9223372036854775807K",
        "99999999999999999999", "nan", "inf", "１", "1ᴷ", "💥", " 1",
    ])
    func byteCountsThatAreRefused(text: String) {
        #expect(ByteCount(argument: text) == nil)
    }

    @Test func progressOfAStalledHugeReadHasAnEstimate() {
        let progress = EvaluationProgress(compressedBytes: 1, totalCompressedBytes: Int.max, rows: Int.max)
        let line = ProgressLine.describe(progress, seconds: 1e9)
        #expect(line.contains("ETA 9.223372036854777e+27 s"), "\(line)")
        #expect(ProgressLine.describe(progress, seconds: .leastNonzeroMagnitude).contains("M rows/s"))
    }
}
