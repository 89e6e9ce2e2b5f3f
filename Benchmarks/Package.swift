// swift-tools-version:6.3
import PackageDescription

// Micro benchmarks of each pipeline stage, as a package of its own so that the main package does not
// depend on the benchmark framework. Run from this folder: swift package benchmark
let package = Package(
    name: "XStreamBenchmarks",
    dependencies: [
        .package(name: "xstream", path: "../"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "XStreamBenchmarks",
            dependencies: [
                .product(name: "XStreamCore", package: "xstream"),
                .product(name: "XStreamStageBenchmarks", package: "xstream"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/XStreamBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
