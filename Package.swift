// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "Marquee",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "marquee", targets: ["marquee"]),
        .library(name: "MovieLog", targets: ["MovieLog"]),
        .library(name: "Kafka", targets: ["Kafka"]),
        .library(name: "Store", targets: ["Store"]),
        .library(name: "Ingest", targets: ["Ingest"]),
        .library(name: "Simulation", targets: ["Simulation"]),
        .library(name: "Recommenders", targets: ["Recommenders"]),
        .library(name: "Evaluation", targets: ["Evaluation"]),
        .library(name: "Quality", targets: ["Quality"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // Pure: line kinds, the byte-level parser, timestamps, movie-id rules.
        .target(name: "MovieLog"),
        // librdkafka through Debian's librdkafka-dev (see PLATFORM.md in the shared design notes).
        .systemLibrary(
            name: "CRdKafka",
            pkgConfig: "rdkafka",
            providers: [.apt(["librdkafka-dev"])]
        ),
        .target(
            name: "Kafka",
            dependencies: [
                "CRdKafka",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Store",
            dependencies: [
                "MovieLog",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Ingest",
            dependencies: [
                "MovieLog", "Kafka", "Store", "Evaluation",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .target(
            name: "Simulation",
            dependencies: [
                "MovieLog", "Kafka",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Movie and user metadata: API answers, RecBole files, the HTTP fetcher and its rate limiter.
        .target(
            name: "Catalog",
            dependencies: [
                "MovieLog", "Store",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // OpenBLAS and LAPACKE through Debian's -dev packages (see PLATFORM.md in the shared notes).
        .systemLibrary(
            name: "CBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(name: "Recommenders", dependencies: ["CBLAS"]),
        // The schema validator, drift metrics and the gate: pure values in, values out.
        .target(name: "Quality"),
        // Offline splits and ranking metrics; the online WTR join, A/B statistics and reports.
        .target(name: "Evaluation", dependencies: ["MovieLog", "Recommenders"]),
        // The HTTP service: A/B router, models in memory, provenance, served log, admin, metrics.
        .target(
            name: "Serving",
            dependencies: [
                "Recommenders", "Store", "Quality",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // Gate → fit → offline metrics → artifact + manifest → registry, for `train` and `retrain`.
        .target(
            name: "Training",
            dependencies: [
                "Store", "Recommenders", "Evaluation", "Quality",
                .product(name: "Logging", package: "swift-log"),
                // `retrain --every` runs as a service; `--reload-url` posts to the server's admin route.
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        .executableTarget(
            name: "marquee",
            dependencies: [
                "MovieLog", "Kafka", "Store", "Ingest", "Simulation", "Recommenders", "Evaluation", "Quality",
                "Training", "Catalog", "Serving",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ]
        ),
        // Benchmarks with no dependency beyond the package itself (parse throughput, ALS training,
        // schema validation); no Store, so a release build needs no postgres-nio.
        .executableTarget(
            name: "marquee-bench", dependencies: ["MovieLog", "Simulation", "Recommenders", "Evaluation", "Quality"]),
        // Test-only helpers: a fresh database per test, the embedded broker, child processes, ml-100k.
        .target(
            name: "MarqueeTesting",
            dependencies: [
                "MovieLog", "Kafka", "Store", "Simulation", "Catalog", "Quality",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(name: "MovieLogTests", dependencies: ["MovieLog"]),
        .testTarget(
            name: "SimulationTests",
            dependencies: ["Simulation", "MovieLog", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "RecommendersTests", dependencies: ["Recommenders"]),
        .testTarget(
            name: "TrainingTests",
            dependencies: [
                "Training", "Store", "Recommenders", "Evaluation", "Quality", "MarqueeTesting",
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]),
        .testTarget(
            name: "ServingTests",
            dependencies: [
                "Serving", "Store", "Recommenders", "Training", "Quality", "MarqueeTesting", "marquee",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
            ]
        ),
        // Reference values come from ab_reference.py (scipy, statsmodels), read via #filePath.
        .testTarget(
            name: "EvaluationTests", dependencies: ["Evaluation", "Recommenders", "Quality", "MarqueeTesting"],
            exclude: ["Online/ab_reference.py", "Online/ab_reference.json"]),
        // Fixtures are read from the source tree (via #filePath), next to schemas/ and scripts/.
        .testTarget(name: "QualityTests", dependencies: ["Quality"], exclude: ["Fixtures"]),
        .testTarget(name: "KafkaTests", dependencies: ["Kafka", "MarqueeTesting"]),
        .testTarget(name: "StoreTests", dependencies: ["Store", "MarqueeTesting"]),
        .testTarget(
            name: "MarqueeCLITests",
            dependencies: [
                "MarqueeTesting", "marquee", "Serving", "Kafka", .product(name: "Yams", package: "Yams"),
            ]
        ),
        .testTarget(
            name: "CatalogTests",
            dependencies: ["Catalog", "Store", "MarqueeTesting", "marquee"],
            resources: [.copy("Support/metadata_server.py")]
        ),
        .testTarget(
            name: "IngestTests",
            dependencies: ["Ingest", "MarqueeTesting", "marquee"]
        ),
    ]
)

// One set of Swift settings for every Swift target (system-library targets take none).
let strictSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]
for target in package.targets where target.type != .system {
    target.swiftSettings = (target.swiftSettings ?? []) + strictSettings
}
