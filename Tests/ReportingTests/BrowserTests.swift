import Foundation
import Testing
import TestSupport
@testable import SessionLog

/// `routewijzer report --html` opened in a real browser: Debian's Chromium, headless, started by
/// the test. Skipped (with the reason printed) only where Chromium is not installed and this is
/// not CI; on CI (`CI` set) a missing Chromium fails, since scripts/install-deps installs it.
///
/// Chromium is started with its own background services off and every connection sent to a
/// dead proxy on 127.0.0.1, so nothing leaves the machine even if something tried; the net log
/// then tells which requests the page itself made (their isolation key is the page's file:// site).
/// Chromium runs at a lower CPU priority (`nice`), so the timed terminal tests running beside it
/// on a two-core machine keep their pace.
@Suite(.serialized) struct BrowserTests {
    static let chromium: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { access($0, X_OK) == 0 }
    let routewijzer = builtProduct("routewijzer")
    let logtool = builtProduct("rw-logtool")
    let scripts = repositoryRoot + "/Tests/ReportingTests/Scripts"
    let golden = repositoryRoot + "/Tests/ReportingTests/Goldens/report-text.txt"

    static func browser() -> String? {
        if let chromium { return chromium }
        if ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("Chromium is not installed on CI: scripts/install-deps must install Debian's chromium")
        } else {
            print("BrowserTests skipped: Chromium is not installed here (apt-get install chromium, or run scripts/install-deps).")
        }
        return nil
    }

    static func flags(profile: String) -> [String] {
        ["--headless", "--disable-gpu", "--no-sandbox", "--user-data-dir=" + profile, "--hide-scrollbars",
         "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-default-apps", "--disable-extensions", "--no-first-run",
         "--no-default-browser-check", "--disable-domain-reliability", "--disable-client-side-phishing-detection",
         "--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication", "--disable-breakpad"]
    }

    struct Load {
        var dom: String
        var console: [String]
        /// URLs the page itself asked the network for.
        var pageRequests: [String]
    }

    /// Opens a page, dumps its DOM; collects console messages and the page's network requests.
    func load(_ browser: String, _ page: String, in dir: TempDir) throws -> Load {
        let netLog = dir.file("net-\(UUID().uuidString).json")
        let r = run(["/bin/sh", "-c", "exec \"$@\" 2>\"$0\"", dir.file("chromium.err"), "nice", "-n", "10", browser] + Self.flags(profile: dir.file("profile"))
                    + ["--enable-logging=stderr", "--v=0", "--log-net-log=" + netLog, "--dump-dom", "file://" + page])
        try #require(r.status == 0, "chromium --dump-dom failed: \(r.output)")
        let errors = (try? String(contentsOfFile: dir.file("chromium.err"), encoding: .utf8)) ?? ""
        let console = errors.split(separator: "\n").filter { $0.contains(":CONSOLE") }.map(String.init)
        let script = """
        import json, sys
        d = json.load(open(sys.argv[1]))
        kinds = {v: k for k, v in d["constants"]["logEventTypes"].items()}
        for e in d["events"]:
            p = e.get("params", {})
            if kinds[e["type"]] == "URL_REQUEST_START_JOB" and "file://" in str(p.get("network_isolation_key", "")):
                print(p.get("url"))
        """
        let net = run(["python3", "-c", script, netLog], withErrors: true)
        try #require(net.status == 0, "net log: \(net.output)")
        return Load(dom: r.output, console: console, pageRequests: net.output.split(separator: "\n").map(String.init))
    }

    @Test func theHTMLReportLoadsCleanlyOfflineWithEveryChart() throws {
        guard let browser = Self.browser() else { return }
        let dir = TempDir("rw-browser"); defer { dir.remove() }

        // First prove the two detectors see what they look for: a page that loads an image from
        // the network, and one whose policy refuses it (a console message).
        try "<!DOCTYPE html><p>x</p><img alt=\"\" src=\"http://example.invalid/x.png\">".write(toFile: dir.file("control.html"), atomically: true, encoding: .utf8)
        try "<!DOCTYPE html><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\"><img alt=\"\" src=\"http://example.invalid/y.png\">"
            .write(toFile: dir.file("control-csp.html"), atomically: true, encoding: .utf8)
        #expect(try load(browser, dir.file("control.html"), in: dir).pageRequests.contains("http://example.invalid/x.png"),
                "the net log check must see a page's request")
        #expect(try !load(browser, dir.file("control-csp.html"), in: dir).console.isEmpty, "the console check must see a refused load")

        // A realistic log, plus hostile text in event labels and answers.
        let log = dir.file("sessions.jsonl")
        let g = run(["nice", "-n", "10", logtool, "generate", "--count", "6000", "--output", log, "--seed", "11", "--catalogue", repositoryRoot + "/routes.json"],
                    withErrors: true)
        try #require(g.status == 0, "\(g.output)")
        var hostile: [UInt8] = []
        for i in 0..<6 {
            hostile += try OutcomeRecord(
                id: UUID(uuidString: "00000000-0000-4000-8000-00000000000\(i)")!, startedAt: UTCTime(seconds: 1_790_000_000 + Int64(i)),
                endedAt: UTCTime(seconds: 1_790_000_600), channel: .kiosk, event: "<script>alert(\"x\")</script> & 'co'",
                catalogueVersion: "2026.11.1", catalogueSHA256: "ab", language: "nl",
                answers: ["province": .option("utrecht"), "sector": .option("<img src=x onerror=alert(1)>")],
                routes: [RankedRoute(id: "gastdocent", fit: .eligible, score: 50)], outcome: .completed).jsonLine()
        }
        let fd = open(log, O_WRONLY | O_APPEND)
        _ = hostile.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)

        let page = dir.file("report.html")
        let r = run([routewijzer, "report", "--catalogue", repositoryRoot + "/routes.json", "--html", page, log],
                    environment: ProcessInfo.processInfo.environment.merging(["SOURCE_DATE_EPOCH": "1796083200"]) { $1 }, withErrors: true)
        try #require(r.status == 0, "\(r.output)")

        let loaded = try load(browser, page, in: dir)
        #expect(loaded.console.isEmpty, "console: \(loaded.console)")
        #expect(loaded.pageRequests.isEmpty, "the page asked the network for \(loaded.pageRequests)")
        let dom = loaded.dom
        for chart in ["chart-funnel", "chart-weeks", "chart-map", "chart-provinces", "chart-subjects", "chart-routes"] {
            #expect(dom.contains("<svg id=\"\(chart)\""), "chart \(chart) missing")
        }
        #expect(dom.components(separatedBy: "data-province=").count - 1 == 12, "twelve provinces on the map")
        #expect(dom.components(separatedBy: "<table").count - 1 >= 10, "a table below the charts")
        #expect(dom.contains("class=\"cross wide\""), "enough sessions for the sector × province table")
        #expect(!dom.contains("<script") && !dom.contains("<img"), "hostile text stayed text")
        #expect(dom.contains("&lt;script&gt;alert(\"x\")&lt;/script&gt; &amp; 'co'"))

        // Nothing makes the page itself scroll sideways, on a laptop or a narrow window: a wide
        // cross table (sector × province) sets its heads upright or scrolls in its own box. A
        // copy of the page, without its script ban, measures the layout.
        var probe = try String(contentsOfFile: page, encoding: .utf8)
        if let csp = probe.range(of: #"<meta http-equiv="Content-Security-Policy"[^>]*>"#, options: .regularExpression) {
            probe.removeSubrange(csp)
        }
        probe = probe.replacingOccurrences(of: "</body>", with: """
            <script>addEventListener('load', () => { const p = document.createElement('pre'); p.id = 'layout';
            p.textContent = document.documentElement.scrollWidth + ' ' + innerWidth; document.body.appendChild(p); });</script></body>
            """)
        try probe.write(toFile: dir.file("probe.html"), atomically: true, encoding: .utf8)
        for width in [1200, 800] {
            let d = run(["nice", "-n", "10", browser] + Self.flags(profile: dir.file("profile"))
                        + ["--window-size=\(width),2400", "--virtual-time-budget=3000", "--dump-dom", "file://" + dir.file("probe.html")])
            let measured = d.output.range(of: #"<pre id="layout">(\d+) (\d+)</pre>"#, options: .regularExpression).map { String(d.output[$0]) } ?? ""
            let numbers = measured.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
            #expect(numbers.count == 2 && numbers[0] <= numbers[1], "at \(width) px the page is \(numbers.first ?? 0) px wide: \(measured)")
        }

        // A screenshot to look at, kept where a developer finds it.
        let artifacts = repositoryRoot + "/.build/test-artifacts"
        mkdir(repositoryRoot + "/.build", 0o755); mkdir(artifacts, 0o755)
        let png = artifacts + "/report.png"
        unlink(png)
        let shot = run(["nice", "-n", "10", browser] + Self.flags(profile: dir.file("profile")) + ["--window-size=1200,2600", "--screenshot=" + png, "file://" + page],
                       withErrors: true)
        #expect(shot.status == 0, "\(shot.output)")
        let bytes = (try? Data(contentsOf: URL(fileURLWithPath: png))) ?? Data()
        #expect(Array(bytes.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG at \(png)")
        #expect(bytes.count > 50_000, "a screenshot with something on it")
        print("BrowserTests: screenshot of the report at \(png)")

        // The page's text content, against its golden file (UPDATE_GOLDENS=1 rewrites it).
        try dom.write(toFile: dir.file("dom.html"), atomically: true, encoding: .utf8)
        let text = run(["python3", scripts + "/page_text.py", dir.file("dom.html")], withErrors: true)
        try #require(text.status == 0, "\(text.output)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
            try text.output.write(toFile: golden, atomically: true, encoding: .utf8)
        }
        let expected = (try? String(contentsOfFile: golden, encoding: .utf8)) ?? ""
        if text.output != expected {
            let a = expected.split(separator: "\n", omittingEmptySubsequences: false), b = text.output.split(separator: "\n", omittingEmptySubsequences: false)
            let first = zip(a, b).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(a.count, b.count)
            Issue.record("""
                page text differs from \(golden) at line \(first + 1):
                  golden: \(first < a.count ? String(a[first]) : "<end>")
                  page:   \(first < b.count ? String(b[first]) : "<end>")
                (UPDATE_GOLDENS=1 swift test --filter BrowserTests rewrites it)
                """)
        }
    }
}
