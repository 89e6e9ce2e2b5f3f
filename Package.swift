// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "xstream",
    products: [
        .executable(name: "xstream", targets: ["xstream"]),
        .library(name: "XStreamCore", targets: ["XStreamCore"]),
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
        .target(
            name: "XStreamCore",
            dependencies: ["CZstd", "CLZ4"]
        ),
        .executableTarget(
            name: "xstream",
            dependencies: [
                "XStreamCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers for the test targets (as swift-nio's NIOTestUtils): not part of any product.
        .target(name: "XStreamTestSupport"),
        .testTarget(
            name: "XStreamCoreTests",
            dependencies: ["XStreamCore", "XStreamTestSupport"]
        ),
        .testTarget(
            name: "xstreamTests",
            dependencies: ["xstream", "XStreamCore", "XStreamTestSupport"]
        ),
    ]
)
