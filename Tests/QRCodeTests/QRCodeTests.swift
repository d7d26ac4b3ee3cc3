import Foundation
import Matching
import QRCode
import RouteCatalog
import Testing
import TestSupport

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

func bundledEngine() throws -> Engine {
    Engine(try CatalogueLoader.load(path: packageRoot.appendingPathComponent("routes.json").path))
}

/// An engineer with a hbo bachelor and eight years in mechanical engineering, in Utrecht.
let engineer: Answers = [
    "education": .option("hbo-bachelor"), "foreignQualification": .option("no"), "sector": .option("werktuigbouw"),
    "experienceYears": .number(8), "schoolType": .option("mbo"), "role": .option("docent"),
    "schoolJob": .option("yes"), "hours": .option("parttime"), "province": .option("utrecht"), "age": .number(45),
]

/// Decodes a PGM with zbarimg; the text exactly as it was encoded.
func decode(pgm: [UInt8]) throws -> String {
    try #require(decodeQRCode(pgm: pgm), "zbarimg found no code")
}

@Suite struct MatrixTests {
    @Test func encodesInTheSmallestVersion() throws {
        let m = try QRMatrix.encode("HELLO")
        #expect(m.version == 1)
        #expect(m.size == 21)
        #expect(m.modules.count == 21 * 21)
        // The finder pattern's corner is dark, and outside the symbol everything is light.
        #expect(m[0, 0] && m[0, 20] && m[20, 0])
        #expect(!m[-1, 0] && !m[0, 21])
        let longer = try QRMatrix.encode(String(repeating: "x", count: 300))
        #expect(longer.size == 17 + 4 * longer.version)
        #expect(longer.version > 5)
    }

    @Test func refusesTextTooLongForAnyVersion() {
        #expect(throws: QRCodeError.tooLong(bytes: 3000)) { try QRMatrix.encode(String(repeating: "a", count: 3000)) }
        #expect(throws: QRCodeError.tooLong(bytes: 0)) { try QRMatrix.encode("") }
    }
}

@Suite struct HalfBlockTests {
    /// Every palette draws the matrix inside a 4-module light quiet zone, and reads back to it.
    @Test(arguments: QRPalette.allCases)
    func drawingHasTheQuietZoneAndTheModules(palette: QRPalette) throws {
        let m = try QRMatrix.encode("https://www.fontys.nl/")
        let lines = m.halfBlockLines(palette: palette)
        #expect(lines.count == m.textHeight)
        #expect(lines.count == (m.size + 8 + 1) / 2)
        #expect(lines.allSatisfy { $0.unicodeScalars.count == m.size + 8 })
        #expect(lines.allSatisfy { $0.unicodeScalars.allSatisfy { " \u{2580}\u{2584}\u{2588}".unicodeScalars.contains($0) } })
        let back = try #require(QRMatrix.modules(fromHalfBlockLines: lines, palette: palette))
        #expect(back.side == m.size + 8)
        for r in 0..<back.side {
            for c in 0..<back.side {
                let inQuietZone = r < 4 || c < 4 || r >= back.side - 4 || c >= back.side - 4
                if inQuietZone {
                    #expect(!back.dark[r * back.side + c], "quiet zone module \(r),\(c) is dark")
                } else {
                    #expect(back.dark[r * back.side + c] == m[r - 4, c - 4])
                }
            }
        }
    }

    @Test func lightOnDarkFillsTheQuietZoneAndDarkOnLightLeavesItBlank() throws {
        let m = try QRMatrix.encode("Routewijzer")
        let light = m.halfBlockLines(palette: .lightOnDark)
        let dark = m.halfBlockLines(palette: .darkOnLight)
        // The first two text rows are the four quiet-zone module rows.
        for i in 0..<2 {
            #expect(light[i] == String(repeating: "\u{2588}", count: m.size + 8))
            #expect(dark[i] == String(repeating: " ", count: m.size + 8))
        }
        // The side has an odd number of modules: the last row's bottom half is outside the code.
        #expect(light.last == String(repeating: "\u{2580}", count: m.size + 8))
        #expect(dark.last == String(repeating: " ", count: m.size + 8))
        // Each line starts and ends with four quiet-zone columns.
        for line in light {
            let s = Array(line.unicodeScalars)
            #expect(s.prefix(4).allSatisfy { $0 == "\u{2588}" || $0 == "\u{2580}" })
            #expect(s.suffix(4).allSatisfy { $0 == "\u{2588}" || $0 == "\u{2580}" })
        }
    }

    @Test func tooSmallSaysNoInsteadOfDrawing() throws {
        let m = try QRMatrix.encode("https://www.hogeschoolrotterdam.nl/")
        #expect(m.fits(width: m.textWidth, height: m.textHeight))
        #expect(!m.fits(width: m.textWidth - 1, height: 100))
        #expect(!m.fits(width: 300, height: m.textHeight - 1))
        #expect(m.halfBlockLines(fittingWidth: m.textWidth - 1, height: 100) == nil)
        #expect(m.halfBlockLines(fittingWidth: 80, height: 24)?.count == m.textHeight)
    }
}

@Suite struct PGMTests {
    @Test func headerAndSize() throws {
        let m = try QRMatrix.encode("HELLO")
        let image = m.pgm(pixelsPerModule: 3)
        let side = (21 + 8) * 3
        let header = Array("P5\n\(side) \(side)\n255\n".utf8)
        #expect(Array(image.prefix(header.count)) == header)
        #expect(image.count == header.count + side * side)
        // The top-left pixel is quiet zone (white); the first module of the finder is black.
        #expect(image[header.count] == 255)
        #expect(image[header.count + (4 * 3) * side + 4 * 3] == 0)
    }
}

@Suite(.enabled(if: zbarimgPath != nil, "zbarimg is missing: apt-get install zbar-tools (.ci/run installs it)"))
struct DecodeTests {
    /// The code drawn for a real result decodes to exactly the summary text.
    @Test(arguments: [Language.nl, .en])
    func realResultDecodesToTheSummary(language: Language) throws {
        let result = try bundledEngine().match(engineer)
        let summary = QRSummary.text(for: result, language: language)
        let m = try QRMatrix.encode(summary)
        #expect(try decode(pgm: m.pgm(pixelsPerModule: 4)) == summary)
    }

    /// The hand-off picks the fullest text that fits the window, and what it draws decodes to it.
    @Test func handOffFitsTheWindowOrSaysNo() throws {
        let result = try bundledEngine().match(engineer)
        let large = try #require(QRHandOff.make(for: result, language: .nl, width: 200, height: 60))
        #expect(large.text == QRSummary.text(for: result, language: .nl))
        #expect(large.text.contains("3. "))
        #expect(try decode(pgm: large.matrix.pgm()) == large.text)
        let lines = large.lines()
        #expect(lines.count <= 60 && lines.allSatisfy { $0.unicodeScalars.count <= 200 })
        // A smaller window gets fewer routes, still a whole code.
        let threeRoutes = large.matrix
        if let smaller = QRHandOff.make(for: result, language: .nl, width: threeRoutes.textWidth - 1, height: 60) {
            #expect(!smaller.text.contains("3. "))
            #expect(smaller.matrix.fits(width: threeRoutes.textWidth - 1, height: 60))
            #expect(try decode(pgm: smaller.matrix.pgm()) == smaller.text)
        }
        // 80 x 24 holds at most a version 5 code: too small for a route and its address.
        #expect(QRHandOff.make(for: result, language: .nl, width: 80, height: 24) == nil)
    }

    /// What the terminal shows decodes too: the half-block text, read back to modules and drawn
    /// as an image, gives the same text.
    @Test(arguments: QRPalette.allCases)
    func halfBlockDrawingDecodes(palette: QRPalette) throws {
        let summary = QRSummary.text(for: try bundledEngine().match(engineer), language: .nl)
        let lines = try QRMatrix.encode(summary).halfBlockLines(palette: palette)
        let back = try #require(QRMatrix.modules(fromHalfBlockLines: lines, palette: palette))
        let image = QRMatrix.pgm(side: back.side, pixelsPerModule: 4) { r, c in back.dark[r * back.side + c] }
        #expect(try decode(pgm: image) == summary)
    }
}

@Suite struct SummaryTests {
    @Test func namesTheTopRoutesTheirFitAndProviders() throws {
        let result = try bundledEngine().match(engineer)
        let text = QRSummary.text(for: result, language: .nl)
        let top = result.routes.filter { $0.fit != .notEligible }.prefix(3)
        #expect(!top.isEmpty)
        for (i, m) in top.enumerated() {
            #expect(text.contains("\(i + 1). " + QRSummary.ascii(m.route.name.nl)))
            // The programme's own page, not the provider's home page: every offer in the catalogue
            // carries one since catalogue 2026.11.3 (issue 9, "deep links").
            if let nearest = m.places.first { #expect(text.contains(nearest.url)) }
        }
        #expect(!text.contains("4. "))
        #expect(text.contains(" - past"))
        #expect(text.utf8.count <= 600)
        #expect(text.unicodeScalars.allSatisfy { $0 == "\n" || ($0.value >= 0x20 && $0.value < 0x7F) })
        #expect(QRSummary.text(for: result, language: .en).contains(" - fits") || QRSummary.text(for: result, language: .en).contains(" - nearly fits"))
    }

    /// Nothing of the answers is in it: answers that change no route give the same text, and no
    /// answer key appears.
    @Test func holdsNoAnswers() throws {
        let engine = try bundledEngine()
        var other = engineer
        other["age"] = .number(29)
        other["experienceYears"] = .number(12)
        let a = QRSummary.text(for: engine.match(engineer), language: .nl)
        let b = QRSummary.text(for: engine.match(other), language: .nl)
        if engine.match(engineer).routes.map(\.route.id) == engine.match(other).routes.map(\.route.id) {
            #expect(a == b)
        }
        for key in engineer.keys { #expect(!a.contains(key)) }
        #expect(!a.contains("45"))
    }

    @Test func staysWithinTheByteBudget() throws {
        let result = try bundledEngine().match(engineer)
        let full = QRSummary.text(for: result, language: .nl, providersPerRoute: 2, providerNames: true)
        // Nearest for this engineer in Utrecht is the HvA, with its PDG page. (Until catalogue 2026.11.2 a
        // Fontys location in Tilburg was listed; no source ties a technical programme to Tilburg, so it
        // was dropped; docs/catalogue-changes.md.)
        #expect(full.contains("Hogeschool van Amsterdam: https://www.hva.nl/"))
        let small = QRSummary.text(for: result, language: .nl, providersPerRoute: 2, providerNames: true,
                                   maxBytes: full.utf8.count - 40)
        #expect(small.utf8.count <= full.utf8.count - 40)
        #expect(small.hasPrefix("Routewijzer"))
    }

    @Test func noRouteSaysSo() throws {
        // Without a diploma or sector nothing is eligible, but near routes may remain; a result
        // whose routes are all filtered out must still give a readable text.
        var result = try bundledEngine().match(engineer)
        result.routes = result.routes.filter { $0.fit == .notEligible }
        let text = QRSummary.text(for: result, language: .en)
        #expect(text.contains("No route fits now"))
    }

    @Test func foldsAccents() {
        #expect(QRSummary.ascii("Één café – “naïef” ĳs") == "Een cafe - \"naief\" ijs")
    }
}
