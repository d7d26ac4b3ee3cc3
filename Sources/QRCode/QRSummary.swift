import Matching
import RouteCatalog

/// The short text a visitor takes home in the QR code on the results screen: the best routes
/// that fit or nearly fit (at most three), how well each fits, and the web address of the nearest
/// provider's page for the route (the programme's own page where the catalogue has one). Nothing
/// of the answers and nothing personal: the same text could belong to many people.
///
/// The text is plain ASCII (accents folded: é → e): QR byte mode is ISO-8859-1 by the standard
/// and phone readers guess differently about UTF-8, while ASCII reads the same everywhere. It is
/// kept under `maxBytes` (600 by default) by dropping extra providers, then shortening route
/// names. Programme pages are long addresses, so three routes may need a window of about 105×58;
/// `QRHandOff.make` picks the fullest text that fits the window (two routes, then one).
public enum QRSummary {
    public static let defaultMaxBytes = 600

    /// The summary text for a result, in the visitor's language: the first `maxRoutes` routes that
    /// fit or nearly fit, each with the web address of its nearest `providersPerRoute` providers
    /// (with their names when `providerNames`).
    public static func text(for result: MatchResult, language: Language, maxRoutes: Int = 3,
                            providersPerRoute: Int = 1, providerNames: Bool = false,
                            maxBytes: Int = defaultMaxBytes) -> String {
        let routes = result.routes.filter { $0.fit != .notEligible }.prefix(maxRoutes)
        var perRoute = providersPerRoute
        var nameLimit = 80
        while true {
            let text = compose(Array(routes), result: result, language: language, providers: perRoute,
                               providerNames: providerNames, nameLimit: nameLimit)
            if text.utf8.count <= maxBytes || (perRoute <= 1 && nameLimit <= 24) { return text }
            if perRoute > 1 { perRoute -= 1 } else { nameLimit -= 8 }
        }
    }

    static func compose(_ routes: [RouteMatch], result: MatchResult, language: Language, providers: Int,
                        providerNames: Bool, nameLimit: Int) -> String {
        var lines = [language[.qrSummaryTitle, ascii(result.catalogueVersion)]]
        if routes.isEmpty {
            lines.append(language[.qrSummaryNoRoute])
        }
        for (i, m) in routes.enumerated() {
            let fit = language[m.fit == .eligible ? .qrSummaryFits : .qrSummaryNearlyFits]
            lines.append("\(i + 1). " + shorten(ascii(m.route.name[language]), to: nameLimit) + " - " + fit)
            var seen: [String] = []
            for place in m.places where !seen.contains(place.provider.id) {
                seen.append(place.provider.id)
                lines.append((providerNames ? ascii(place.provider.name) + ": " : "") + ascii(place.url))
                if seen.count >= providers { break }
            }
        }
        return lines.joined(separator: "\n")
    }
    static func shorten(_ s: String, to limit: Int) -> String {
        guard s.count > limit else { return s }
        return String(s.prefix(max(1, limit - 3))) + "..."
    }

    /// Folds text to printable ASCII: accented Latin letters lose their accents, typographic
    /// quotes and dashes become plain ones, anything else becomes `?`.
    public static func ascii(_ s: String) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value >= 0x20 && scalar.value < 0x7F { out.unicodeScalars.append(scalar); continue }
            if let f = fold[scalar.value] { out += f; continue }
            switch scalar.value {
            case 0x2018, 0x2019, 0x201A: out += "'"
            case 0x201C, 0x201D, 0x201E: out += "\""
            case 0x2010...0x2015, 0x2212: out += "-"
            case 0x2026: out += "..."
            case 0x00A0, 0x2009, 0x202F: out += " "
            case 0x0300...0x036F: continue   // combining accents
            default: out += "?"
            }
        }
        return out
    }

    private static let fold: [UInt32: String] = {
        var m: [UInt32: String] = [:]
        let groups: [(String, String)] = [
            ("ÀÁÂÃÄÅ", "A"), ("àáâãäå", "a"), ("ÈÉÊË", "E"), ("èéêë", "e"), ("ÌÍÎÏ", "I"), ("ìíîï", "i"),
            ("ÒÓÔÕÖØ", "O"), ("òóôõöø", "o"), ("ÙÚÛÜ", "U"), ("ùúûü", "u"), ("ÝŸ", "Y"), ("ýÿ", "y"),
            ("Ç", "C"), ("ç", "c"), ("Ñ", "N"), ("ñ", "n"),
        ]
        for (letters, base) in groups { for u in letters.unicodeScalars { m[u.value] = base } }
        m[0xC6] = "AE"; m[0xE6] = "ae"; m[0xDF] = "ss"; m[0x132] = "IJ"; m[0x133] = "ij"
        m[0x152] = "OE"; m[0x153] = "oe"; m[0x20AC] = "EUR"
        return m
    }()
}

/// What the results screen shows: the summary text and its code, the fullest that fits the window.
public struct QRHandOff: Sendable, Hashable {
    public let text: String
    public let matrix: QRMatrix

    public init(text: String, matrix: QRMatrix) {
        self.text = text
        self.matrix = matrix
    }

    /// The code for a result that fits in `width` × `height` text cells (quiet zone included):
    /// three routes if they fit, else two, else one. Nil when not even one route fits: the screen
    /// then says the window is too small for the code, and never draws a broken one.
    public static func make(for result: MatchResult, language: Language, width: Int, height: Int,
                            correction: QRErrorCorrection = .medium) -> QRHandOff? {
        for routes in [3, 2, 1] {
            let text = QRSummary.text(for: result, language: language, maxRoutes: routes)
            guard let matrix = try? QRMatrix.encode(text, correction: correction) else { continue }
            if matrix.fits(width: width, height: height) { return QRHandOff(text: text, matrix: matrix) }
        }
        return nil
    }

    /// The code as half-block lines (see `QRPalette`).
    public func lines(palette: QRPalette = .lightOnDark) -> [String] { matrix.halfBlockLines(palette: palette) }
}
