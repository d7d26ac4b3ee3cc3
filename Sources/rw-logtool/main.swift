// rw-logtool: drives the session log from separate processes, for the concurrency and kill tests
// and for the benchmark.
//
//   rw-logtool append --dir DIR --count N [--writer W] [--naive] [--quiet]
//       Appends N records. Prints each record's id on stdout once its append returned (acknowledged).
//       --split makes every write() call write at most half of what it is asked, with a pause
//       between the calls (through the file-system seam), so a kill often lands mid-record and
//       the next writer has to repair the torn tail.
//       --naive uses a plain O_APPEND writer without lock, repair or fsync, writing each line in two
//       write() calls: the way logs get damaged.
//   rw-logtool generate --count N --output FILE [--seed S] [--catalogue routes.json]
//       Writes N realistic records quickly (no fsync), for export benchmarks. With --catalogue the
//       answers follow the catalogue's questions with the mix a coordinator would see (more
//       visitors from the populous provinces, vmbo and mbo subjects by school type, abandoned
//       sessions that stopped partway, some contacts) and the routes are ranked by the engine:
//       for the report's tests, screenshots and benchmark.
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
import Matching
import RouteCatalog
import SessionLog
import SystemIO
import TestSupport

func fail(_ message: String) -> Never {
    FileHandleless.err(message + "\n")
    exit(2)
}

enum FileHandleless {
    static func out(_ s: String) {
        var s = s
        s.withUTF8 { u in _ = SystemFileSystem().writeAll(1, UnsafeRawBufferPointer(u)) }
    }
    static func err(_ s: String) {
        var s = s
        s.withUTF8 { u in _ = SystemFileSystem().writeAll(2, UnsafeRawBufferPointer(u)) }
    }
}

let allArgs = Array(CommandLine.arguments.dropFirst())
guard let mode = allArgs.first else { fail("usage: rw-logtool append|generate …") }
let args = Array(allArgs.dropFirst())
@MainActor func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
@MainActor func flag(_ name: String) -> Bool { args.contains(name) }


let educations = ["mbo-4", "hbo-bachelor", "hbo-master", "wo-bachelor", "wo-master", "havo", "vwo", "mbo-3"]
// Values from the answers contract and route ids from the bundled routes.json, so generated logs
// look like real ones in exports and reports.
let sectors = ["werktuigbouw", "elektro", "bouw", "ict", "proces", "installatie", "mobiliteit", "metaal", "non-technical"]
let provinces = ["groningen", "friesland", "drenthe", "overijssel", "flevoland", "gelderland", "utrecht", "noord-holland",
                 "zuid-holland", "zeeland", "noord-brabant", "limburg"]
let routeIDs = ["pdg", "zij-instroom", "zij-instroom-vmbo-beroepsgericht", "bachelor-deeltijd", "kopopleiding",
                "hybride-docent", "instructeur", "associate-degree"]
let events = [nil, nil, "Open dag ROC Midden Nederland 2026-11-28", "Techniekavond Zwolle; \"docent worden\"", "=HYPERLINK(\"x\")", "Informatieavond Eindhoven – café"]

func makeRecord<G: RandomNumberGenerator>(_ g: inout G, id: UUID = UUID(), at base: Int64) -> OutcomeRecord {
    let start = base + Int64.random(in: 0..<(86_400 * 400), using: &g)
    var answers: Answers = [
        "education": .option(educations.randomElement(using: &g)!),
        "sector": .option(sectors.randomElement(using: &g)!),
        "province": .option(provinces.randomElement(using: &g)!),
        "experienceYears": .number(Int.random(in: 0...35, using: &g)),
        "schoolJob": .option(["yes", "no", "talking"].randomElement(using: &g)!),
        "foreignQualification": .option(["no", "no", "diploma", "teaching"].randomElement(using: &g)!),
    ]
    if Bool.random(using: &g) { answers["schoolType"] = .option(["vmbo", "mbo", "either"].randomElement(using: &g)!) }
    if Bool.random(using: &g) {
        let profiles = ["bwi", "pie", "mvi"].filter { _ in Bool.random(using: &g) }
        if !profiles.isEmpty { answers["vmboProfiles"] = .options(profiles) }
    }
    if Int.random(in: 0..<4, using: &g) == 0 { answers["role"] = .option("docent") }
    var routes: [RankedRoute] = []
    var score = Double(Int.random(in: 600...1000, using: &g)) / 10
    for r in routeIDs.shuffled(using: &g).prefix(Int.random(in: 3...5, using: &g)) {
        let fit: Fit = score > 75 ? .eligible : score > 45 ? .near : .notEligible
        routes.append(RankedRoute(id: r, fit: fit, score: score))
        score = max(0, score - Double(Int.random(in: 50...250, using: &g)) / 10)
    }
    let outcome: SessionOutcome = [.completed, .completed, .completed, .abandoned, .timedOut].randomElement(using: &g)!
    return OutcomeRecord(
        id: id, startedAt: UTCTime(seconds: start), endedAt: UTCTime(seconds: start + Int64.random(in: 60...1800, using: &g)),
        channel: Channel.allCases.randomElement(using: &g)!, event: events.randomElement(using: &g)!,
        catalogueVersion: "2026.11.1", catalogueSHA256: "9f2c4e1ab37d5f08c6e2b1a4d7f3098e5c1b2a6d4e8f7031c9a5b2e6d4f1a378",
        language: Bool.random(using: &g) ? "nl" : "en", answers: answers, routes: routes, outcome: outcome)
}

/// Picks an element with the given weights.
func weighted<G: RandomNumberGenerator>(_ choices: [(String, Double)], _ g: inout G) -> String {
    let total = choices.reduce(0) { $0 + $1.1 }
    var x = Double.random(in: 0..<total, using: &g)
    for (c, w) in choices {
        if x < w { return c }
        x -= w
    }
    return choices.last!.0
}

/// A session as the bundled catalogue would produce it: answers in questionnaire order (an
/// abandoned one stops partway), routes ranked by the engine.
func makeRealisticRecord<G: RandomNumberGenerator>(_ g: inout G, id: UUID, engine: Engine, at base: Int64) -> OutcomeRecord {
    let catalogue = engine.catalogue
    // Open days draw crowds: a third of the sessions fall on one of a few event days.
    let eventDays: [(Int64, String)] = [(40, "Open dag Hogeschool Rotterdam 2026-02-14"), (95, "Techniekavond Zwolle 2026-04-10"),
                                         (285, "Open dag ROC Midden Nederland 2026-10-17"), (326, "Informatieavond Eindhoven – café <De Zaak>")]
    var start = base + Int64.random(in: 0..<(86_400 * 400), using: &g)
    var event: String? = nil
    var channel: Channel = Bool.random(using: &g) ? .ssh : .cli
    if Int.random(in: 0..<3, using: &g) == 0 {
        let (day, label) = eventDays.randomElement(using: &g)!
        start = base + day * 86_400 + 9 * 3600 + Int64.random(in: 0..<(8 * 3600), using: &g)
        event = label
        channel = .kiosk
    }
    var answers: Answers = [:]
    let schoolType = weighted([("vmbo", 35), ("mbo", 45), ("either", 20)], &g)
    let role = weighted([("docent", 40), ("instructeur", 20), ("hybride", 15), ("gastdocent", 10), ("ondersteuner", 5), ("unsure", 10)], &g)
    for q in catalogue.questions {
        if let showIf = q.showIf, showIf.evaluate(answers) != .pass { continue }
        switch (q.meaning, q.id) {
        case (.education?, _):
            answers[q.id] = .option(weighted([("mbo-4", 30), ("hbo-bachelor", 25), ("mbo-3", 10), ("havo", 6), ("vwo", 3), ("wo-bachelor", 5),
                                              ("wo-master", 6), ("hbo-master", 5), ("ad", 3), ("mbo-2", 4), ("vmbo", 2), ("phd", 1)], &g))
        case (.sector?, _):
            answers[q.id] = .option(weighted([("installatie", 16), ("elektro", 14), ("metaal", 10), ("werktuigbouw", 12), ("bouw", 14),
                                              ("mobiliteit", 8), ("maritiem", 2), ("ict", 12), ("media", 3), ("proces", 4), ("energie", 3),
                                              ("other-technical", 2), ("non-technical", 5)], &g))
        case (.province?, _):
            answers[q.id] = .option(weighted([("zuid-holland", 21), ("noord-holland", 17), ("noord-brabant", 15), ("gelderland", 12),
                                              ("utrecht", 8), ("overijssel", 7), ("limburg", 6), ("friesland", 4), ("groningen", 3.5),
                                              ("drenthe", 3), ("flevoland", 2.5), ("zeeland", 2.2), ("abroad", 0.3)], &g))
        case (.schoolType?, _): answers[q.id] = .option(schoolType)
        case (.role?, _): answers[q.id] = .option(role)
        case (.subject?, _):
            // Asked only for the school type(s) chosen (the question's showIf); one or two picks.
            answers[q.id] = .options(Array(q.choices.map(\.id).shuffled(using: &g).prefix(Int.random(in: 1...2, using: &g))).sorted())
        case (_, "experienceYears"): answers[q.id] = .number(Int.random(in: 1...30, using: &g))
        case (.age?, _): answers[q.id] = .number(Int.random(in: 21...62, using: &g))
        default:
            switch q.kind {
            case .boolean: answers[q.id] = .boolean(Int.random(in: 0..<10, using: &g) == 0)
            case .single: answers[q.id] = .option(q.choices.randomElement(using: &g)!.id)
            case .number: answers[q.id] = .number(Int.random(in: (q.min ?? 0)...(q.max ?? 40), using: &g))
            case .multiple: answers[q.id] = .options([q.choices.randomElement(using: &g)!.id])
            }
        }
    }
    let roll = Int.random(in: 0..<100, using: &g)
    let outcome: SessionOutcome = roll < 74 ? .completed : roll < 93 ? .abandoned : .timedOut
    if outcome != .completed && Int.random(in: 0..<4, using: &g) != 0 {
        // Stopped partway: only the first questions answered.
        let kept = catalogue.questions.prefix(Int.random(in: 1..<catalogue.questions.count, using: &g)).map(\.id)
        answers = answers.filter { kept.contains($0.key) }
    }
    let routes = engine.rank(answers).map { r in
        RankedRoute(id: catalogue.routes[r.routeIndex].id, fit: r.fit == .eligible ? .eligible : r.fit == .near ? .near : .notEligible,
                    score: (r.score * 10).rounded() / 10)
    }
    return OutcomeRecord(
        id: id, startedAt: UTCTime(seconds: start), endedAt: UTCTime(seconds: start + Int64.random(in: 60...1200, using: &g)),
        channel: channel, event: event, catalogueVersion: catalogue.catalogueVersion,
        catalogueSHA256: "9f2c4e1ab37d5f08c6e2b1a4d7f3098e5c1b2a6d4e8f7031c9a5b2e6d4f1a378",
        language: Int.random(in: 0..<5, using: &g) == 0 ? "en" : "nl", answers: answers, routes: routes, outcome: outcome,
        contactLeft: outcome == .completed && Int.random(in: 0..<8, using: &g) == 0 ? true : nil)
}

/// Real system calls, except that write() writes at most half of a multi-byte request and then
/// pauses: a record takes two or more calls, the way a big record or a slow disk would.
struct SplittingFileSystem: ForwardingFileSystem {
    let base: any FileSystemCalls = SystemFileSystem()
    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        let n = base.write(fd, buffer, count > 1 ? count / 2 : count)
        usleep(300)
        return n
    }
}

switch mode {
case "append":
    guard let dir = option("--dir"), let count = option("--count").flatMap(Int.init) else { fail("append needs --dir and --count") }
    let quiet = flag("--quiet")
    var g = SystemRandomNumberGenerator()
    if flag("--naive") {
        let path = dir + "/" + DataDirectory.sessionsFile
        let fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else { fail("cannot open \(path): errno \(errno)") }
        for _ in 0..<count {
            let r = makeRecord(&g, at: 1_767_225_600)
            let line = try r.jsonLine()
            let half = line.count / 2
            // Two write() calls with a pause between: a kill between them leaves half a line.
            line.withUnsafeBytes { b in
                _ = SystemFileSystem().writeAll(fd, UnsafeRawBufferPointer(rebasing: b[0..<half]))
                usleep(300)
                _ = SystemFileSystem().writeAll(fd, UnsafeRawBufferPointer(rebasing: b[half...]))
            }
            if !quiet { FileHandleless.out(r.id.uuidString + "\n") }
        }
    } else {
        let directory = DataDirectory(path: dir, fs: flag("--split") ? SplittingFileSystem() : SystemFileSystem())
        do { try directory.create() } catch { fail(error.description) }
        let log = AppendOnlyLog(directory: directory)
        for _ in 0..<count {
            let r = makeRecord(&g, at: 1_767_225_600)
            do {
                try log.append(r)
            } catch {
                fail(error.description)
            }
            // Only now, after the lock is released and the data is on disk: acknowledged.
            if !quiet { FileHandleless.out(r.id.uuidString + "\n") }
        }
    }
case "generate":
    guard let count = option("--count").flatMap(Int.init), let output = option("--output") else { fail("generate needs --count and --output") }
    var g = SplitMix64(seed: UInt64(option("--seed").flatMap(UInt64.init) ?? 42))
    let sink: ByteSink
    do { sink = try ByteSink(creating: output) } catch { fail(error.description) }
    var engine: Engine?
    if let path = option("--catalogue") {
        do { engine = Engine(try CatalogueLoader.load(path: path)) } catch { fail("\(path): \(error)") }
    }
    for _ in 0..<count {
        var idRNG = g
        let id = UUID(uuid: (
            UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG),
            UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), 0x40 | UInt8.random(in: 0...15, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG),
            0x80 | UInt8.random(in: 0...63, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG),
            UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG), UInt8.random(in: 0...255, using: &idRNG)))
        g = idRNG
        if let engine {
            sink.write(bytes: try makeRealisticRecord(&g, id: id, engine: engine, at: 1_767_571_200).jsonLine())
        } else {
            sink.write(bytes: try makeRecord(&g, id: id, at: 1_767_225_600).jsonLine())
        }
    }
    do { try sink.finish() } catch { fail(error.description) }
default:
    fail("unknown mode \(mode)")
}
