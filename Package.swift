// swift-tools-version:6.1
import PackageDescription

// The core is one target per pipeline stage, each depending only on the stages below it:
//
//   XStreamCodecs   byte sources → decompressed bytes (zstd, lz4 frame, gzip, bzip2, xz, plain), byte sinks, the
//                   error type
//   XStreamFormats  bytes → rows of values (CSV and .npy headers and chunk parsers, the decimal parser)
//   XStreamMetrics  rows → exact partials (tasks, row checks and terms, ExactSum, MetricPartial)
//   XStreamEngine   the worker pool: inputs, shard readers, scheduler, invalid-row ledger, Evaluation, Conversion
//   XStreamReport   result → typed report (EvaluationReport), JSON, table, quality gates
//
// XStreamCore re-exports them all (the library product); xstream is the command line over it, and the only
// target that knows flag names.
let package = Package(
    name: "xstream",
    products: [
        .executable(name: "xstream", targets: ["xstream"]),
        .library(name: "XStreamCore", targets: ["XStreamCore"]),
        // Entry points into single stages for the micro benchmarks in Benchmarks/; not part of the library.
        .library(name: "XStreamStageBenchmarks", targets: ["XStreamStageBenchmarks"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.0")
    ],
    targets: [
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .systemLibrary(
            name: "CLZ4",
            pkgConfig: "liblz4",
            providers: [.apt(["liblz4-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // libbz2-dev ships no pkg-config file on Debian 12; the module map's link line is enough.
        .systemLibrary(
            name: "CBzip2",
            providers: [.apt(["libbz2-dev"])]
        ),
        .systemLibrary(
            name: "CLzma",
            pkgConfig: "liblzma",
            providers: [.apt(["liblzma-dev"])]
        ),
        // Parquet's SNAPPY pages.
        .systemLibrary(
            name: "CSnappy",
            pkgConfig: "snappy",
            providers: [.apt(["libsnappy-dev"])]
        ),
        // The vectorised log with the C library's bits (AVX-512, chosen at run time): C, for its per-function
        // target attributes and intrinsics, which Swift has no way to express.
        .target(name: "CVectorMath"),
        .target(name: "XStreamCodecs", dependencies: ["CZstd", "CLZ4", "CZlib", "CBzip2", "CLzma", "CSnappy"]),
        .target(name: "XStreamFormats", dependencies: ["XStreamCodecs"]),
        .target(name: "XStreamMetrics", dependencies: ["CVectorMath", "XStreamCodecs", "XStreamFormats"]),
        .target(name: "XStreamEngine", dependencies: ["XStreamCodecs", "XStreamFormats", "XStreamMetrics"]),
        .target(
            name: "XStreamReport",
            dependencies: ["XStreamCodecs", "XStreamFormats", "XStreamMetrics", "XStreamEngine"]
        ),
        .target(
            name: "XStreamCore",
            dependencies: ["XStreamCodecs", "XStreamFormats", "XStreamMetrics", "XStreamEngine", "XStreamReport"]
        ),
        .executableTarget(
            name: "xstream",
            dependencies: [
                "XStreamCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "XStreamStageBenchmarks",
            dependencies: ["XStreamCodecs", "XStreamFormats", "XStreamMetrics", "XStreamEngine", "XStreamTestSupport"]
        ),
        // Helpers for the test targets (as swift-nio's NIOTestUtils): not part of any product.
        .target(name: "XStreamTestSupport"),
        .testTarget(
            name: "XStreamCoreTests",
            dependencies: [
                "XStreamCore", "XStreamCodecs", "XStreamFormats", "XStreamMetrics", "XStreamEngine", "XStreamReport",
                "XStreamTestSupport",
            ]
        ),
        .testTarget(
            name: "xstreamTests",
            dependencies: [
                "xstream", "XStreamCore", "XStreamCodecs", "XStreamFormats", "XStreamMetrics", "XStreamEngine",
                "XStreamReport", "XStreamTestSupport",
            ]
        ),
    ]
)
