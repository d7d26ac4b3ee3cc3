// Fuzzes the catalogue loader or the answers reader with JSONMutator for a given time.
//   rw-fuzz catalogue|answers [--seconds N] [--seed S] [--corpus DIR] [--keep DIR]
// Each input is written to DIR/last-input.json before it is tried, so a trap (the process ends
// with a signal) leaves the input that caused it; add it to the corpus once fixed. Exits 1 with
// the input in DIR/failure.json when a promise other than "no trap" breaks.
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

func option(_ name: String) -> String? {
    CommandLine.arguments.firstIndex(of: name).flatMap { $0 + 1 < CommandLine.arguments.count ? CommandLine.arguments[$0 + 1] : nil }
}

func now() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

func save(_ bytes: [UInt8], _ path: String) {
    let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
    guard fd >= 0 else { return }
    _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
    close(fd)
}

let target = CommandLine.arguments.dropFirst().first ?? ""
guard target == "catalogue" || target == "answers" else {
    print("usage: rw-fuzz catalogue|answers [--seconds N] [--seed S] [--corpus DIR] [--keep DIR]")
    exit(2)
}
let seconds = option("--seconds").flatMap(Double.init) ?? 60
let seed = option("--seed").flatMap(UInt64.init) ?? UInt64(now() * 1000)
let corpusDirectory = option("--corpus") ?? "Tests/Fixtures/fuzz/\(target)"
let keep = option("--keep") ?? ".build"
var mutator = JSONMutator(corpus: JSONMutator.corpus(directory: corpusDirectory), seed: seed)
let checked = try CheckedCatalogue.load(path: "Tests/Fixtures/catalogues/minimal.json")

let start = now()
var runs = 0
while now() - start < seconds {
    let input = mutator.next()
    save(input, keep + "/last-input.json")
    let failure = target == "catalogue" ? FuzzHarness.catalogue(input) : FuzzHarness.answers(input, checked)
    runs += 1
    if let failure {
        save(input, keep + "/failure.json")
        print("rw-fuzz \(target): \(failure) (input in \(keep)/failure.json, seed \(seed), run \(runs))")
        exit(1)
    }
}
print("rw-fuzz \(target): \(runs) inputs in \(Int(seconds)) s from \(mutator.corpus.count) corpus files, seed \(seed): no trap, every refusal named its problems")
