// Measures the rules engine in-process: match latency on a catalogue, and ranking/explaining
// throughput on a generated catalogue of many routes. Run by bench/match.sh in release mode.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import Matching
import RouteCatalog
import TestSupport

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// One decimal, without Foundation's formatter.
func fixed(_ x: Double) -> String {
    let tenths = Int((x * 10).rounded())
    return "\(tenths / 10).\(tenths % 10)"
}

func percentile(_ sorted: [Double], _ p: Double) -> Double {
    sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
}

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: rw-matchbench CATALOGUE [--generate OUT.json [--routes N] [--conditions N] [--compact]]")
    exit(2)
}
let loaded = try CatalogueLoader.load(path: arguments[1])

if arguments.count >= 4, arguments[2] == "--generate" {
    // --routes N (default 1,000); --conditions N per route (default 10: 6 requirements and 4
    // preferences); --compact: short texts, so 50,000 routes fit in a catalogue.
    let count = arguments.firstIndex(of: "--routes").flatMap { Int(arguments[$0 + 1]) } ?? 1000
    let compact = arguments.contains("--compact")
    let conditions = arguments.firstIndex(of: "--conditions").flatMap { Int(arguments[$0 + 1]) } ?? 10
    var big = generate(from: loaded.catalogue, routes: count, conditions: conditions, seed: 1, compact: compact)
    if compact {
        // A catalogue the commands accept: routes that cannot be eligible (two requirements
        // whose questions a showIf ties together), or not provably so, are made again with
        // other random draws.
        for attempt in 2..<20 {
            let unreachable = CatalogueCheck.findings(LoadedCatalogue(catalogue: big, file: "generated", sha256: "")).all.compactMap { p in
                p.path.flatMap { path in
                    path.hasSuffix("].requirements") ? Int(path.dropFirst("$.routes[".count).prefix { $0.isNumber }) : nil
                }
            }
            if unreachable.isEmpty { break }
            let fresh = generate(from: loaded.catalogue, routes: unreachable.count, conditions: conditions, seed: UInt64(attempt), compact: true)
            for (k, i) in unreachable.enumerated() {
                big.routes[i] = fresh.routes[k]
                big.routes[i].id = "route-\(i)"
            }
        }
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try encoder.encode(big).write(to: URL(fileURLWithPath: arguments[3]))
    print("wrote \(arguments[3]): \(big.routes.count) routes")
    exit(0)
}

var g = SplitMix64(seed: 99)
let answerSets = (0..<1000).map { _ in randomAnswers(loaded.catalogue, &g, skipOneIn: 6) }

// 1. Latency of one explained match on this catalogue.
let engine = Engine(loaded)
var sink = 0
for a in answerSets.prefix(200) { sink &+= engine.match(a).routes.count }  // warm up
var samples: [Double] = []
for a in answerSets {
    let t0 = now()
    sink &+= engine.match(a).routes.count
    samples.append(now() - t0)
}
samples.sort()
let p50 = fixed(percentile(samples, 0.5) * 1e6), p90 = fixed(percentile(samples, 0.9) * 1e6)
let p99 = fixed(percentile(samples, 0.99) * 1e6)
print("latency (\(loaded.catalogue.routes.count) routes, explained match): p50 \(p50) µs, p90 \(p90) µs, p99 \(p99) µs")

// 2. Throughput on a generated catalogue: 1,000 routes × 10 conditions.
let big = generate(from: loaded.catalogue, routes: 1000, conditions: 10, seed: 1)
let bigEngine = Engine(catalogue: big)
func throughput(_ label: String, _ seconds: Double, _ answerSets: [Answers], _ body: (Answers) -> Int) {
    var n = 0
    var sink = 0
    let t0 = now()
    while now() - t0 < seconds {
        for a in answerSets.prefix(100) { sink &+= body(a) }
        n += 100
    }
    let rate = Double(n) / (now() - t0)
    print("throughput (1000 routes × 10 conditions, \(label)): \(Int(rate.rounded())) matches/s")
    if sink == 42 { print("") }
}
throughput("rank: fit, score, order", 2, answerSets) { bigEngine.rank($0).count }
if getenv("RW_BENCH_RANK_ONLY") == nil { throughput("full explained match", 2, answerSets) { bigEngine.match($0).routes.count } }
if sink == 42 { print("") }
