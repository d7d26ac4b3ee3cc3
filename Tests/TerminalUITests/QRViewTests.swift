import Foundation
import Matching
import QRCode
import Questionnaire
import RouteCatalog
import TerminalUI
import Testing
import TestSupport


/// The cells drawn as a QR code (role `.code`), as half-block lines from their left edge.
func codeLines(_ grid: Grid) -> [String] {
    var lines: [String] = []
    for row in 0..<grid.height {
        let columns = (0..<grid.width).filter { grid[row, $0].style.role == .code }
        guard let first = columns.first, let last = columns.last else { continue }
        lines.append(String((first...last).map { grid[row, $0].text }))
    }
    return lines
}

/// The results of the fixture with the take-home code open.
func takeHomeState(_ language: Language = .nl) throws -> QuestionnaireState {
    var s = try makeState(language)
    s.answerFixture()
    s.press(.tab)
    #expect(s.screen == .results)
    s.press(.char("m"))
    #expect(s.overlay == .takeHome)
    return s
}

@Suite struct TakeHomeCodeTests {
    @Test func aLargeWindowShowsTheCodeOfTheSummary() throws {
        let s = try takeHomeState()
        let grid = render(s, width: 100, height: 45).grid
        Golden.check(grid, "take-home-100x45")
        let lines = codeLines(grid)
        let drawn = try #require(QRMatrix.modules(fromHalfBlockLines: lines), "a whole half-block code")
        let result = try #require(s.results)
        let expected = try #require(QRHandOff.make(for: result, language: .nl, width: 100, height: 45 - 5))
        #expect(drawn.side == expected.matrix.sideWithQuietZone)
        #expect(lines == expected.lines(palette: .lightOnDark))
        #expect(expected.text == QRSummary.text(for: result, language: .nl), "three routes fit at 100×45")
        #expect(!grid.line(44).isEmpty && grid.line(44).contains("terug"))
        for row in 0..<grid.height {
            #expect(!grid.line(row).contains("window is too small") && !grid.line(row).contains("te klein"))
        }
    }

    @Test(arguments: [[80, 24], [40, 12]])
    func aSmallWindowSaysSoInsteadOfDrawingABrokenCode(size: [Int]) throws {
        let s = try takeHomeState()
        let grid = render(s, width: size[0], height: size[1]).grid
        Golden.check(grid, "take-home-\(size[0])x\(size[1])")
        #expect(codeLines(grid).isEmpty)
        let text = (0..<grid.height).map { grid.line($0) }.joined(separator: " ")
        #expect(text.contains("Het venster is te klein voor de") && text.contains("(nodig: "))
    }

    @Test func englishSaysItInEnglish() throws {
        let s = try takeHomeState(.en)
        let grid = render(s, width: 80, height: 24).grid
        let text = (0..<grid.height).map { grid.line($0) }.joined(separator: " ")
        #expect(text.contains("The window is too small for the QR code (needs"))
    }

    @Test func anyKeyGoesBackToTheRoutesAndTheKeyBarNamesTheCode() throws {
        var s = try takeHomeState()
        s.press(.down)
        #expect(s.overlay == nil)
        #expect(s.screen == .results)
        let grid = render(s, width: 80, height: 24).grid
        #expect(grid.line(23).contains("m QR-code"))
    }

    @Test func noCodeWithoutUnicode() throws {
        let s = try takeHomeState()
        let grid = render(s, width: 100, height: 45, options: RenderOptions(ascii: true)).grid
        #expect(codeLines(grid).isEmpty)
        #expect((0..<grid.height).map { grid.line($0) }.joined().contains("geen UTF-8"))
    }

    @Test func theCountdownReplacesTheCodeInAKiosk() throws {
        var s = QuestionnaireState(engine: Engine(try CatalogueLoader.load(path: fixturePath)), kiosk: true)
        s.answerFixture()
        s.press(.tab, .char("m"))
        #expect(s.overlay == .takeHome)
        s.handle(.idle(.countdown(seconds: 9)))
        #expect(s.overlay == .idleCountdown(seconds: 9))
    }

    /// The drawing on the screen, read back into modules and scanned, gives the summary text.
    @Test(.enabled(if: zbarimgPath != nil, "zbarimg is missing: apt-get install zbar-tools"))
    func theDrawnCodeDecodesToTheSummary() throws {
        let s = try takeHomeState()
        let grid = render(s, width: 100, height: 45).grid
        let drawn = try #require(QRMatrix.modules(fromHalfBlockLines: codeLines(grid)))
        let pgm = QRMatrix.pgm(side: drawn.side, pixelsPerModule: 4) { drawn.dark[$0 * drawn.side + $1] }
        let text = try #require(decodeQRCode(pgm: pgm), "zbarimg found no code")
        #expect(text == QRSummary.text(for: try #require(s.results), language: .nl))
    }
}
