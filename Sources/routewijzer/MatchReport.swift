import Matching
import RouteCatalog
import TerminalUI
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

    /// A plain, screen-reader friendly text: no boxes, no colour, one fact per line; the same
    /// words as the plain line mode.
    static func text(_ result: MatchResult, catalogue: Catalogue, language: Language) -> String {
        let title = language[.matchTextTitle, result.catalogueVersion]
        return ([title] + AdviceText(result, language: language).full()).joined(separator: "\n") + "\n"
    }
}
