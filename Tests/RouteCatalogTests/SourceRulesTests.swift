import Foundation
import Testing
@testable import RouteCatalog

/// Every rule of docs/routes.md "Sources", each shown firing on the small catalogue, which itself
/// passes them all.
@Suite struct SourceRulesTests {
    let policy = SourcePolicy(today: CalendarDay(year: 2026, month: 11, day: 30), maxAgeMonths: 24)

    func minimal() throws -> Catalogue { try CatalogueLoader.load(path: fixture("minimal.json")).catalogue }

    func problems(_ catalogue: Catalogue) -> [CatalogueProblem] { catalogue.structuralProblems(file: "x", policy: policy) }

    func warnings(_ catalogue: Catalogue) -> [String] {
        problems(catalogue).filter(\.isWarning).map { "\($0.path ?? ""): \($0.message)" }
    }

    @Test func theSmallCatalogueKeepsEveryRule() throws {
        #expect(problems(try minimal()).isEmpty)
    }

    @Test func aSitesHomePageCannotCarryAClaim() throws {
        var c = try minimal()
        c.routes[0].sources[0].url = "https://www.example.org/"
        #expect(warnings(c) == ["$.routes[0].sources[0].url: \"https://www.example.org/\" is a site's home page: cite the page that says it"])
        c.routes[0].sources[0].url = "https://www.example.org"
        #expect(warnings(c).count == 1)
        c.routes[0].sources[0].url = "https://www.example.org/?ref=x"
        #expect(warnings(c).count == 1)
        c.routes[0].sources[0].url = "https://www.example.org/opleiding"
        #expect(warnings(c).isEmpty)
    }

    @Test func aFactWithoutASourceIsNamed() throws {
        var c = try minimal()
        c.routes[1].sources[0].about = ["summary", "leadsTo", "durationMonths", "cost", "requirements.job", "steps[0]", "offeredAt.hs"]
        #expect(warnings(c) == ["$.routes[1]: the fact \"requirements.experience\" has no source: name it in the \"about\" of the source that says it"])
    }

    @Test func aSourceMustSayWhatItCarriesAndTheDatesItShows() throws {
        var c = try minimal()
        c.sharedSteps[0].sources[0].about = nil
        c.sharedSteps[0].sources[0].pageDate = nil
        c.sharedSteps[0].sources[0].checkedOn = nil
        let w = warnings(c)
        #expect(w.contains { $0.hasPrefix("$.sharedSteps[0].sources[0].about: say which facts") })
        #expect(w.contains { $0.hasPrefix("$.sharedSteps[0].sources[0].pageDate: say the date the page shows") })
        #expect(w.contains { $0.hasPrefix("$.sharedSteps[0].sources[0].checkedOn: say when") })
        #expect(w.contains { $0.hasPrefix("$.sharedSteps[0]: the fact \"text\" has no source") })
    }

    @Test func anUnknownFactOrAMalformedDateIsAnError() throws {
        var c = try minimal()
        c.routes[0].sources[0].about?.append("steps[3]")
        c.routes[0].sources[0].pageDate = "maart 2024"
        let errors = problems(c).filter { !$0.isWarning }.map { "\($0.path ?? ""): \($0.message)" }
        #expect(errors.contains { $0.hasPrefix("$.routes[0].sources[0].about: \"steps[3]\" is not a fact of this entry; its facts: summary, leadsTo") })
        #expect(errors.contains("$.routes[0].sources[0].pageDate: expected YYYY, YYYY-MM, YYYY-MM-DD or \"undated\", found \"maart 2024\""))
    }

    @Test func aFactOnOldPagesOnlyIsFlaggedUnlessStatedWithItsYear() throws {
        var c = try minimal()
        c.providers[0].sources[0].pageDate = "2022-02-01"
        #expect(warnings(c) == [
            "$.providers[0]: the fact \"ecpbPartner\" rests on pages from 2022 (newest 2022-02-01), older than 24 months: check it again, or state it with its year and mark the source \"historic\"",
            "$.providers[0]: the fact \"locations.hs-zwolle\" rests on pages from 2022 (newest 2022-02-01), older than 24 months: check it again, or state it with its year and mark the source \"historic\"",
            "$.providers[0]: the fact \"locations.hs-amsterdam\" rests on pages from 2022 (newest 2022-02-01), older than 24 months: check it again, or state it with its year and mark the source \"historic\"",
        ])
        // A newer page for the same facts, or one of unknown date, is enough.
        var newer = c
        newer.providers[0].sources.append(Source(url: "https://example.org/2026", supports: "x", confidence: .high, pageDate: "2026-01",
                                                 checkedOn: "2026-11-24", about: ["ecpbPartner", "locations.hs-zwolle", "locations.hs-amsterdam"]))
        #expect(warnings(newer).isEmpty)
        // Stated as of the page's date: no warning.
        c.providers[0].sources[0].historic = true
        #expect(warnings(c).isEmpty)
        // The age is the editor's to set.
        var lenient = c
        lenient.providers[0].sources[0].historic = nil
        #expect(lenient.structuralProblems(file: "x", policy: SourcePolicy(today: policy.today, maxAgeMonths: 60)).isEmpty)
    }

    @Test func moneyIsDatedAndSaysWhoPaysAndWhetherYouEarn() throws {
        var c = try minimal()
        c.routes[0].cost?.asOf = nil
        c.routes[0].cost?.whoPays = nil
        c.routes[0].cost?.earning = nil
        #expect(warnings(c) == [
            "$.routes[0].cost.asOf: a cost needs the date its amounts are of",
            "$.routes[0].cost.whoPays: say who can pay (the employer, a fund, a loan, the visitor)",
            "$.routes[0].cost.earning: say whether the visitor earns meanwhile",
        ])
        c.routes[0].cost = nil
        c.routes[0].sources[0].about?.removeAll { $0 == "cost" }
        #expect(warnings(c) == ["$.routes[0].cost: say what the route costs, who can pay and whether you earn meanwhile"])
    }

    @Test func anOfferLinksTheProgrammesOwnPage() throws {
        var c = try minimal()
        c.routes[1].offeredAt[0].url = nil
        #expect(warnings(c) == ["$.routes[1].offeredAt[0].url: no programme page: the screens and the QR code would link the provider's home page"])
        c.routes[1].offeredAt[0].url = "https://example.org/"
        #expect(warnings(c) == ["$.routes[1].offeredAt[0].url: \"https://example.org/\" is a home page: link the programme's own page"])
    }

    @Test func calendarArithmetic() {
        #expect(CalendarDay(parsing: "2024") == CalendarDay(year: 2024, month: 1, day: 1))
        #expect(CalendarDay(parsing: "2024-13") == nil)
        #expect(CalendarDay(parsing: "24-01-01") == nil)
        #expect(CalendarDay(year: 2024, month: 11, day: 30).months(until: CalendarDay(year: 2026, month: 11, day: 30)) == 24)
        #expect(CalendarDay(year: 2024, month: 11, day: 30).months(until: CalendarDay(year: 2026, month: 11, day: 29)) == 23)
        #expect(CalendarDay(daysSinceEpoch: 0) == CalendarDay(year: 1970, month: 1, day: 1))
        #expect(CalendarDay(daysSinceEpoch: 20_787) == CalendarDay(year: 2026, month: 11, day: 30))
        #expect(Catalogue.isStudyYearOrDate("2025-2026"))
        #expect(!Catalogue.isStudyYearOrDate("2025-2027"))
    }
}
