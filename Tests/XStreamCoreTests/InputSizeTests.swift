import Foundation
import Testing

@testable import XStreamCore

/// Sizes the file system reports are user data too: sparse files can claim almost 2^63 bytes each.
@Suite struct InputSizeTests {
    @Test func sizesThatOverflowWhenAddedGiveAnUnknownTotal() throws {
        // tmpfs takes sparse files of 4 EiB; two of them add up to 2^63, one past Int.max.
        let folder = URL(fileURLWithPath: "/dev/shm/xstream-sparse-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var paths: [String] = []
        for name in ["a.csv", "b.csv"] {
            let path = folder.appendingPathComponent(name).path
            #expect(FileManager.default.createFile(atPath: path, contents: Data("label,pred\n1,0.5\n".utf8)))
            guard truncate(path, 1 << 62) == 0 else { return }  // not a file system that takes it
            paths.append(path)
        }
        let evaluation = try Evaluation(
            paths: paths, options: EvaluationOptions(settings: EvaluationSettings(task: .binary)))
        #expect(evaluation.progress.totalCompressedBytes == nil)
    }
}
