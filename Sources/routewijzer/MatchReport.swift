import Matching
import RouteCatalog
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The two forms `routewijzer match` prints.
enum MatchReport {
    static func json(_ result: MatchResult, language: Language) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(MatchDocument(result, language: language)), as: UTF8.self)
    }

    /// A plain, screen-reader friendly text: no boxes, no colour, one fact per line.
    static func text(_ result: MatchResult, catalogue: Catalogue, language: Language) -> String {
        let t = Words(language)
        var out = "\(t.title) (\(t.catalogue) \(result.catalogueVersion))\n"
        if let region = result.region, let point = region.referencePoint {
            out += "\(t.distancesFrom) \(point.name) (\(region.name[language])).\n"
        }
        let shown = result.routes.filter { $0.fit != .notEligible }
        if shown.isEmpty { out += "\n\(t.noneFit)\n" }
        for (i, m) in shown.enumerated() {
            out += "\n\(i + 1). \(m.route.name[language]): \(t.fit(m.fit))"
            if !m.route.weightedPreferences.isEmpty { out += ", \(t.match) \(formatScore(m.score, language: language))%" }
            out += "\n   \(m.route.summary[language])\n"
            out += "   \(t.duration): \(t.months(m.route.durationMonths)) · \(t.leadsTo): \(m.route.leadsTo[language])\n"
            if let cost = m.route.cost { out += "   \(t.cost): \(cost.text[language])\(t.check(cost.confidence))\n" }
            if m.route.confidence != .high { out += "   \(t.confidence(m.route.confidence))\n" }
            if let caveat = m.route.caveat { out += "   \(t.note): \(caveat[language])\n" }
            let reasons = m.reasons
            if !reasons.isEmpty {
                out += "   \(t.why):\n"
                for r in reasons { out += "     + \(r.explanation[language])\n" }
            }
            let missing = m.missing
            if !missing.isEmpty {
                out += "   \(t.stillNeeded):\n"
                for r in missing {
                    out += "     - \(r.explanation[language])" + (r.outcome == .unknown ? " (\(t.notAnswered))" : "") + "\n"
                }
            }
            out += "   \(t.nextSteps):\n"
            for (n, s) in m.steps.enumerated() { out += "     \(n + 1). \(s.text[language])\(t.check(s.confidence))\n" }
            if !m.places.isEmpty {
                out += "   \(t.where):\n"
                for p in m.places.prefix(3) {
                    let distance = p.distanceKm.map { " – \(Int($0.rounded())) km" } ?? ""
                    out += "     \(p.provider.name), \(p.location.city)\(distance)\(t.check(p.location.confidence))\n"
                }
            }
        }
        let excluded = result.routes.filter { $0.fit == .notEligible }
        if !excluded.isEmpty {
            out += "\n\(t.notNow):\n"
            for m in excluded {
                let blocking = m.missing.filter { $0.outcome == .fail && !$0.criterion.attainable }
                out += "  \(m.route.name[language]): " + blocking.map { $0.explanation[language] }.joined(separator: " ") + "\n"
            }
        }
        if !result.initiatives.isEmpty {
            out += "\n\(t.regional):\n"
            for i in result.initiatives {
                out += "  \(i.name[language]) (\(i.year)\(i.status == .dated ? ", \(t.dated)" : "")): \(i.summary[language])\n"
            }
        }
        return out
    }

    private struct Words {
        let language: Language
        init(_ language: Language) { self.language = language }
        private func nl(_ nl: String, _ en: String) -> String { language == .nl ? nl : en }

        var title: String { nl("Routewijzer: jouw routes naar het technisch beroepsonderwijs", "Routewijzer: your routes into technical vocational teaching") }
        var catalogue: String { nl("catalogus", "catalogue") }
        var distancesFrom: String { nl("Afstanden hemelsbreed vanaf", "Distances as the crow flies from") }
        var noneFit: String { nl("Geen route past nu. Praat met een adviseur over je mogelijkheden.", "No route fits right now. Talk to an advisor about your options.") }
        var match: String { nl("aansluiting", "match") }
        var duration: String { nl("Duur", "Duration") }
        var leadsTo: String { nl("Leidt tot", "Leads to") }
        var cost: String { nl("Kosten", "Cost") }
        var note: String { nl("Let op", "Note") }
        var why: String { nl("Waarom deze route past", "Why this route fits") }
        var stillNeeded: String { nl("Wat je nog nodig hebt", "What you still need") }
        var notAnswered: String { nl("niet beantwoord", "not answered") }
        var nextSteps: String { nl("Volgende stappen", "Next steps") }
        var `where`: String { nl("Dichtstbijzijnde aanbieders", "Nearest providers") }
        var notNow: String { nl("Past nu niet", "Does not fit now") }
        var regional: String { nl("In jouw regio (context)", "In your region (context)") }
        var dated: String { nl("historisch, controleer of het nog loopt", "historic, check whether it still runs") }

        func fit(_ fit: Fit) -> String {
            switch fit {
            case .eligible: return nl("past", "fits")
            case .near: return nl("bijna: er ontbreekt nog iets", "nearly: something is still missing")
            case .notEligible: return nl("past niet", "does not fit")
            }
        }

        func months(_ range: MonthRange) -> String {
            let unit = nl("maanden", "months")
            if range.max == 0 { return nl("minder dan een maand", "less than a month") }
            return range.min == range.max ? "\(range.min) \(unit)" : "\(range.min)–\(range.max) \(unit)"
        }

        func confidence(_ confidence: Confidence) -> String {
            confidence == .low
                ? nl("Onzeker: niet alle gegevens van deze route zijn door een bron bevestigd; controleer ze bij de hogeschool.",
                     "Uncertain: not every fact about this route is confirmed by a source; check with the university.")
                : nl("Controleren: een deel van deze gegevens komt uit minder zekere bronnen.",
                     "To be checked: some of these facts come from less certain sources.")
        }

        func check(_ confidence: Confidence) -> String {
            confidence == .high ? "" : nl(" (controleren)", " (to be checked)")
        }
    }
}
