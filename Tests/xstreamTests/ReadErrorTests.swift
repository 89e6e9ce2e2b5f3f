import Foundation
import Testing

/// Read errors are exit 2 with the path and the system's reason. `/proc/self/mem` opens, then fails every
/// read at offset 0 (unmapped) with EIO, as a failing disk would.
@Suite struct ReadErrorTests {
    @Test func anInputThatFailsToReadNamesThePathAndTheReason() throws {
        let folder = try XStreamBinary.temporaryFolder()
        for command in [["eval"], ["convert", "-o", "out.npy"]] {
            let outcome = try XStreamBinary.run(command + ["/proc/self/mem"], in: folder)
            #expect(outcome.status == 2)
            #expect(outcome.error == "xstream: error: /proc/self/mem: read failed: Input/output error\n")
        }
        #expect(try XStreamBinary.listing(folder).isEmpty, "no output and no temporary file")
    }

    @Test(arguments: [("/proc/self/mem", "Input/output error"), ("/tmp", "Is a directory")])
    func aBaselineThatFailsToReadNamesThePathAndTheReason(path: String, reason: String) throws {
        let outcome = try XStreamBinary.run(
            ["eval", "--pred", "pred", "--baseline", path, "--max-increase", "mae=1%", XStreamBinary.shard])
        #expect(outcome.status == 2)
        #expect(outcome.error == "xstream: error: \(path): cannot read the baseline: \(reason)\n")
    }
}
