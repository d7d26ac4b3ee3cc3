import Matching
import QRCode
import Questionnaire
import RouteCatalog

/// "Take it home": the results as a QR code a phone camera reads (`m` on the results screen).
///
/// The code holds `QRSummary`'s short text (the best routes, how well each fits, the nearest
/// provider's web address), nothing of the answers and nothing personal. It is drawn with half
/// blocks, quiet zone included, light on dark (`QRPalette.lightOnDark`, cells with the `.code`
/// role: white on black where there is colour). When the window cannot hold even the smallest
/// code, a sentence says how large it must be, and no broken code is drawn.
extension Words {
    var takeHomeTitle: String { self[.takeHomeTitle] }
    var takeHomeHint: String { self[.takeHomeHint] }
    func takeHomeTooSmall(_ columns: Int, _ rows: Int) -> String { self[.takeHomeTooSmall, columns, rows] }
    var takeHomeNoUnicode: String { self[.takeHomeNoUnicode] }
    var keysTakeHome: [KeyHint] { [(self[.keyAnyKey], self[.keyBackToYourRoutes])] }
    /// The results key bar with the key for the code (before quit and help, which everyone finds).
    var keysResultsWithCode: [KeyHint] {
        var keys = keysResults
        keys.insert(("m", self[.keyQRCode]), at: 4)
        return keys
    }
}

extension Painter {
    mutating func takeHome(_ s: QuestionnaireState) {
        guard let result = s.results else { return }
        // A page of its own: nothing of the routes list behind the code.
        grid = Grid(width: width, height: height)
        hits = [:]
        frame(right: w.takeHomeTitle, keys: w.keysTakeHome)
        let top = paragraph(w.takeHomeHint, row: bodyTop, style: Style(.muted))
        // The code may use the notice row too: everything down to the key bar.
        let rows = height - 1 - top
        if ascii {
            paragraph(w.takeHomeNoUnicode, row: top + 1, style: Style(.warn, bold: true))
            return
        }
        guard let code = QRHandOff.make(for: result, language: w.language, width: width, height: rows) else {
            let (columns, needed) = Painter.smallestCode(result, language: w.language)
            paragraph(w.takeHomeTooSmall(max(columns, Layout.minWidth), max(top + needed + 1, Layout.minHeight)),
                      row: top + 1, style: Style(.warn, bold: true))
            return
        }
        let left = max(0, (width - code.matrix.textWidth) / 2)
        for (i, line) in code.lines(palette: .lightOnDark).enumerated() {
            grid.put(line, row: top + i, column: left, style: Style(.code))
        }
    }

    /// Columns and rows of the smallest code for a result (one route).
    static func smallestCode(_ result: MatchResult, language: Language) -> (Int, Int) {
        let text = QRSummary.text(for: result, language: language, maxRoutes: 1)
        guard let m = try? QRMatrix.encode(text) else { return (0, 0) }
        return (m.textWidth, m.textHeight)
    }
}
