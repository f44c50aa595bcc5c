// marquee-bench: throughput figures for BENCHMARKS.md, printed as one JSON line each.
//
//   marquee-bench parse FILE [--now ISO]   parse + validate every line of FILE on one core
//   marquee-bench als (--recbole DIR | --pairs FILE) [--solver cg|cholesky] [--repeats N]
//                     [--factors F] [--regularization λ] [--iterations N] [--threads T] [--seed S]
//                                          ALS fit time (median of repeats), Recall@10 on ml-100k
//   marquee-bench validate --schema NAME --file F [--repeats N] [--prefix N] [--schemas DIR]
//                                          RowValidator rows/s over a JSON-lines file (median of repeats)
//   marquee-bench serve-model (--recbole DIR | --users N --items M [--seen-per-user 20] [--seed 7])
//                     --out DIR [--factors 64]
//                                          a model directory (model.bin + manifest.json) for `marquee serve`:
//                                          ALS fitted on DIR, or random factors for N users × M movies
//
// The peers (Benchmarks/peers/) print the same fields; Benchmarks/*.sh run both and print the ratio.
import Foundation

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("marquee-bench: \(message)\n".utf8))
    exit(2)
}

let arguments = CommandLine.arguments
switch arguments.count >= 2 ? arguments[1] : "" {
case "parse": runParse(Array(arguments.dropFirst(2)))
case "als": runALS(Array(arguments.dropFirst(2)))
case "validate": runValidate(Array(arguments.dropFirst(2)))
case "serve-model": runServeModel(Array(arguments.dropFirst(2)))
default:
    fail(
        "usage: marquee-bench parse FILE [--now ISO] | marquee-bench als (--recbole DIR | --pairs FILE) [options]"
            + " | marquee-bench validate --schema NAME --file F [--repeats N] [--prefix N]"
            + " | marquee-bench serve-model (--recbole DIR | --users N --items M) --out DIR [options]")
}
