// swift-tools-version:6.0
// A libFuzzer target for the movie-log parser, kept out of the main package because it only
// builds with sanitizer flags. See README.md for how to build and run it.
import PackageDescription

let package = Package(
    name: "MarqueeFuzz",
    // `name:` lets the product reference below work whatever the checkout directory is called.
    dependencies: [.package(name: "Marquee", path: "../")],
    targets: [
        .executableTarget(
            name: "ParserFuzzer",
            dependencies: [.product(name: "MovieLog", package: "Marquee")],
            swiftSettings: [
                .swiftLanguageMode(.v6),
                // `@_extern(c)` declares libFuzzer's C driver without a C shim target.
                .enableExperimentalFeature("Extern"),
            ]
        )
    ]
)
