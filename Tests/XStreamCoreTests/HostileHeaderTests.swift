import Foundation
import Testing

@testable import XStreamCore

/// `.npy` headers whose numbers are chosen to overflow or to outgrow the buffers: clear errors, no trap.
@Suite struct HostileHeaderTests {
    private let folder: URL

    init() throws { folder = try TestSupport.temporaryFolder() }

    /// A version 1.0 `.npy` file of the given header dict text and body bytes.
    private func npy(_ header: String, body: [UInt8] = [], name: String = "hostile.npy") throws -> String {
        var text = Array(header.utf8)
        while (10 + text.count + 1) % 64 != 0 { text.append(0x20) }
        text.append(0x0A)
        let bytes = NPYHeader.magic + [1, 0, UInt8(text.count & 0xFF), UInt8(text.count >> 8)] + text + body
        let url = folder.appendingPathComponent(name)
        try Data(bytes).write(to: url)
        return url.path
    }

    private func evaluate(_ path: String, labels: [String]? = nil, predictions: [String]? = nil) throws {
        let options = EvaluationOptions(
            settings: EvaluationSettings(task: .binary),
            columns: ColumnSelection(labels: labels, predictions: predictions), threads: 1)
        _ = try Evaluation(paths: [path], options: options).run()
    }

    @Test func columnCountThatWouldOverflowTheRecordSize() throws {
        let path = try npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 4611686018427387904), }")
        TestSupport.expectFailure(.invalidHeader, containing: ["4611686018427387904 columns, more than xstream reads"])
        {
            try evaluate(path)
        }
    }

    @Test func typeSizeThatWouldOverflow() throws {
        let path = try npy(
            "{'descr': [('label', '<U4611686018427387904'), ('pred', '<f8')], 'fortran_order': False, 'shape': (1,), }")
        TestSupport.expectFailure(.invalidHeader, containing: ["unsupported type '<U46116860184273879"]) {
            try evaluate(path)
        }
    }

    @Test func recordLargerThanTheChunkBuffer() throws {
        // 700 000 float64 columns: 5.6 MB records, over the default 4 MiB line limit.
        let path = try npy("{'descr': '<f8', 'fortran_order': False, 'shape': (1, 700000), }")
        TestSupport.expectFailure(.invalidHeader, containing: ["records of 5600000 bytes are over the limit"]) {
            try evaluate(path, predictions: ["1"])
        }
    }

    @Test func preambleCutBeforeTheHeaderLength() throws {
        let url = folder.appendingPathComponent("short.npy")
        try Data(NPYHeader.magic + [1, 0, 0x58]).write(to: url)
        TestSupport.expectFailure(.invalidHeader, containing: ["truncated .npy header"]) { try evaluate(url.path) }
    }

    @Test func controlCharactersInFieldNamesAreEscaped() throws {
        let path = try npy("{'descr': [('a\u{1}b', '<f8'), ('pred', '<f8')], 'fortran_order': False, 'shape': (0,), }")
        TestSupport.expectFailure(.invalidHeader, containing: ["the header has \"a\\x01b\", \"pred\""]) {
            try evaluate(path)
        }
    }
}
