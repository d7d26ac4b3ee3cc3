import Foundation
import Testing
import TestSupport
import RouteCatalog
@testable import Reporting
@testable import SessionLog

/// A record with the answers a coordinator groups by.
func session(
    id: UUID = UUID(), start: Int64 = 1_795_000_000, event: String? = "Open dag", outcome: SessionOutcome = .completed,
    province: String? = "utrecht", schoolType: String? = "mbo", role: String? = "docent", sector: String? = "bouw",
    profiles: [String]? = ["mbo-bouw"], routes: [RankedRoute] = [RankedRoute(id: "gastdocent", fit: .eligible, score: 50)],
    contactLeft: Bool? = nil
) -> OutcomeRecord {
    var answers: Answers = ["education": .option("mbo-4")]
    if let province { answers["province"] = .option(province) }
    if let schoolType { answers["schoolType"] = .option(schoolType) }
    if let role { answers["role"] = .option(role) }
    if let sector { answers["sector"] = .option(sector) }
    if let profiles { answers["mboSubjects"] = .options(profiles) }
    return OutcomeRecord(id: id, startedAt: UTCTime(seconds: start), endedAt: UTCTime(seconds: start + 300), channel: .kiosk,
                         event: event, catalogueVersion: "2026.11.1", catalogueSHA256: "ab", language: "nl", answers: answers,
                         routes: routes, outcome: outcome, contactLeft: contactLeft)
}

func model(_ records: [OutcomeRecord], catalogue: Catalogue?, language: Language = .nl) -> ReportModel {
    var t = DemandTally(catalogue: catalogue)
    for r in records { t.add(r) }
    return ReportModel(tally: t, vocabulary: Vocabulary(catalogue: catalogue, language: language))
}

@Suite struct ProtectionTests {
    @Test func aTotalNextToOneHiddenCellHidesASecondCell() {
        var p = Protection()
        let a = p.cell(20), b = p.cell(3), c = p.cell(40), total = p.cell(63)
        p.equation([a, b, c], equals: [total])
        #expect(p.isHidden(b) && !p.isHidden(a))
        let protected = p.protect()
        #expect(protected)
        #expect(p.isHidden(a), "the smallest other cell is hidden too")
        #expect(!p.isHidden(c) && !p.isHidden(total))
        let bounds = p.propagate()
        #expect(bounds[b].hi - bounds[b].lo >= Protection.minimumSpread)
    }

    @Test func twoOnesThatATotalPinsDownGetCompany() {
        // 1 + 1 + 30 = 32: hiding both ones still tells each is 1.
        var p = Protection()
        let a = p.cell(1), b = p.cell(1), c = p.cell(30), total = p.cell(32)
        p.equation([a, b, c], equals: [total])
        let protected = p.protect()
        #expect(protected)
        #expect(p.isHidden(c))
        let bounds = p.propagate()
        for i in [a, b, c] { #expect(bounds[i].hi - bounds[i].lo >= Protection.minimumSpread) }
    }

    @Test func crossTablesAreProtectedAgainstRowsAndColumnsAtOnce() {
        // 2×2 with known margins: a single small cell needs three partners.
        var p = Protection()
        let cells = [[p.cell(3), p.cell(10)], [p.cell(12), p.cell(30)]]
        let rows = [p.cell(13, margin: true), p.cell(42, margin: true)], cols = [p.cell(15, margin: true), p.cell(40, margin: true)]
        let total = p.cell(55, margin: true)
        for i in 0..<2 { p.equation(cells[i], equals: [rows[i]]) }
        for j in 0..<2 { p.equation([cells[0][j], cells[1][j]], equals: [cols[j]]) }
        p.equation(rows, equals: [total])
        p.equation(cols, equals: [total])
        let protected = p.protect()
        #expect(protected)
        let bounds = p.propagate()
        #expect(cells.flatMap { $0 }.allSatisfy { p.isHidden($0) })
        #expect((rows + cols + [total]).allSatisfy { !p.isHidden($0) }, "the margins stay visible")
        #expect(bounds[cells[0][0]].hi - bounds[cells[0][0]].lo >= Protection.minimumSpread)
    }

    @Test func whatCannotBeProtectedIsReported() {
        var p = Protection()
        let a = p.cell(1), total = p.cell(1)
        p.equation([a], equals: [total])
        let protected = p.protect()
        #expect(!protected)
    }
}

@Suite struct DemandTests {
    /// The case: a session that stopped after the first question must not count as
    /// "fits Gastdocent"; only completed sessions count as demand.
    @Test func abandonedAndTimedOutSessionsCountOnlyInTheFunnel() throws {
        let catalogue = try bundledCatalogue()
        var records = (0..<56).map { i in session(start: 1_795_000_000 + Int64(i) * 60, contactLeft: i < 6 ? true : nil) }
        records += (0..<5).map { _ in session(outcome: .abandoned, schoolType: nil, role: nil, sector: nil, profiles: nil) }
        // Timed out on the review screen: every question answered, no results seen.
        records += (0..<7).map { _ in
            var r = session(outcome: .timedOut)
            for q in catalogue.visibleQuestions(r.answers) where r.answers[q.id] == nil {
                r.answers[q.id] = switch q.kind {
                case .single: .option(q.choices[0].id)
                case .multiple: .options([q.choices[0].id])
                case .number: .number(q.min ?? 30)
                case .boolean: .boolean(false)
                }
            }
            return r
        }
        let m = model(records, catalogue: catalogue)
        #expect(m.routes.first { $0.id == "gastdocent" }?.eligible.shown == 56)
        #expect(m.funnel.map(\.figure.shown) == [68, 63, 56, 6])
        #expect(m.funnel.map { $0.drop?.shown } == [nil, 5, 7, 50])
        #expect(m.abandoned.shown == 5 && m.timedOut.shown == 7)
        #expect(m.dimension("province")?.total.shown == 56)
        #expect(m.dimension("province")?.rows.first { $0.id == "utrecht" }?.figure.shown == 56)
        #expect(m.completionRate == 56.0 / 68.0)
    }

    @Test func aSmallProvinceIsHiddenAndSoIsOneThatWouldGiveItAway() throws {
        let catalogue = try bundledCatalogue()
        var records = (0..<20).map { _ in session(province: "utrecht") }
        records += (0..<3).map { _ in session(province: "zeeland") }
        records += (0..<40).map { _ in session(province: "gelderland") }
        let m = model(records, catalogue: catalogue)
        let rows = try #require(m.dimension("province")).rows
        func fig(_ id: String) -> Figure { rows.first { $0.id == id }!.figure }
        #expect(fig("zeeland").hidden)
        #expect(fig("utrecht").hidden, "Utrecht (20) would give Zeeland (3) away next to the total of 63")
        #expect(fig("gelderland").shown == 40)
        #expect(fig("drenthe").shown == 0)
        #expect(m.dimension("province")?.total.shown == 63)
    }

    @Test func crossTablesOnlyWhereTheySaySomething() throws {
        let catalogue = try bundledCatalogue()
        var records: [OutcomeRecord] = []
        for (province, n) in [("utrecht", 30), ("gelderland", 25), ("zuid-holland", 40)] {
            records += (0..<n).map { i in session(province: province, schoolType: i % 2 == 0 ? "vmbo" : "mbo", role: "docent") }
        }
        let m = model(records, catalogue: catalogue)
        let provinceBySchool = try #require(m.crossTables.first { $0.key == "provinceSchoolType" })
        #expect(provinceBySchool.withheld == nil)
        // One role only: role × school type says nothing a one-way table does not.
        #expect(m.crossTables.first { $0.key == "roleSchoolType" }?.withheld != nil)
        // Thirteen sectors × thirteen provinces from one sector: withheld, with the reason.
        #expect(m.crossTables.first { $0.key == "sectorProvince" }?.withheld != nil)
        let text = m.text()
        #expect(text.contains("Provincie × schooltype"))
        #expect(text.contains("Rol × schooltype\n  ("))
    }

    @Test func textReportWrapsFullRouteNamesWithinEightyColumns() throws {
        let catalogue = try bundledCatalogue()
        let routes = catalogue.routes.map { RankedRoute(id: $0.id, fit: .eligible, score: 80) }
        let m = model((0..<12).map { _ in session(routes: routes) }, catalogue: catalogue)
        let text = m.text()
        #expect(text.split(separator: "\n").allSatisfy { $0.count <= 80 }, "\(text)")
        #expect(!text.contains("…"))
        // Every route name is there in full, on consecutive lines.
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for route in catalogue.routes {
            let parts = wrap(route.name.nl, 44)
            let start = lines.indices.first { i in
                lines[i].hasPrefix("  " + parts[0] + " ")
                    && parts.enumerated().dropFirst().allSatisfy { k, part in i + k < lines.count && lines[i + k] == "  " + part }
            }
            #expect(start != nil, "\(route.name.nl) as \(parts)")
        }
        #expect(text.contains("(deeltijd)") && text.contains("(voltijd)"))
    }

    @Test func jsonHasIdsAndAnExplicitNullForAHiddenCount() throws {
        var records = (0..<20).map { _ in session(province: "utrecht") }
        records += (0..<3).map { _ in session(province: "zeeland") }
        let json = try model(records, catalogue: try bundledCatalogue()).json()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let tables = try #require(object["tables"] as? [[String: Any]])
        let province = try #require(tables.first { $0["id"] as? String == "province" })
        let rows = try #require(province["rows"] as? [[String: Any]])
        let zeeland = try #require(rows.first { $0["id"] as? String == "zeeland" }?["sessions"] as? [String: Any])
        #expect(zeeland["hidden"] as? Bool == true)
        #expect(zeeland.keys.contains("count") && zeeland["count"] is NSNull)
        #expect(rows.first { $0["id"] as? String == "drenthe" }.flatMap { ($0["sessions"] as? [String: Any])?["count"] as? Int } == 0)
        #expect(json.contains("\"label\" : \"Zeeland\""))
    }

    @Test func englishReport() throws {
        let m = model((0..<10).map { _ in session() }, catalogue: try bundledCatalogue(), language: .en)
        let text = m.text()
        #expect(text.contains("Routewijzer demand report"))
        #expect(text.contains("Province") && text.contains("Utrecht"))
        #expect(!text.contains("Provincie"))
    }
}

@Suite struct HTMLEscapingTests {
    @Test func textAndAttributesCannotBecomeMarkup() {
        let hostile = "\"><script>alert('x')</script>&amp;\u{1}"
        let node = HTMLNode.el("p", [("title", hostile)], [.text(hostile)])
        let html = node.render()
        #expect(!html.contains("<script"))
        #expect(html == "<p title=\"&quot;&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;\">\"&gt;&lt;script&gt;alert('x')&lt;/script&gt;&amp;amp;</p>")
    }

    @Test func theWholePageEscapesEventLabelsAndUnknownAnswers() throws {
        var records = (0..<12).map { _ in session(event: "<script>alert(1)</script>", sector: "<img src=x onerror=alert(1)>") }
        records += (0..<6).map { _ in session(event: "Avond \"docent\" & 'meer'") }
        let html = HTMLReport(model: model(records, catalogue: try bundledCatalogue()), generatedOn: nil).render()
        #expect(!html.contains("<script"))
        #expect(!html.contains("<img"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(html.contains("Avond \"docent\" &amp; 'meer'"))
        // Nothing is loaded from anywhere: no URL, no external reference, a policy that forbids loads.
        #expect(!html.contains("http://") && !html.contains("https://") && !html.contains("src=\"") && !html.contains("<link"))
        #expect(html.contains("default-src &#39;none&#39;"), "a policy that forbids every load (quotes escaped in the attribute)")
    }
}
