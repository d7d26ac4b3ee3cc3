/// Simplified outlines of the twelve Dutch provinces, drawn for this program: a few dozen points
/// (longitude, latitude in WGS84 degrees, read off approximate positions of border towns, capes and
/// dikes) joined by straight lines. Provinces that share a border share its points, so the shapes
/// meet without gaps or overlaps. Good enough to see where demand comes from at a glance; not a
/// map to measure on. Islands in the Wadden Sea and in Zeeland are drawn as separate rings.
enum ProvinceMap {
    typealias Point = (lon: Double, lat: Double)

    // Named points; a point on a border between provinces is used by both.
    static let p: [String: Point] = [
        // Noord-Holland coast and its borders
        "nh1": (4.49, 52.30), "nh2": (4.53, 52.37), "nh3": (4.58, 52.46), "nh4": (4.62, 52.62), "nh5": (4.66, 52.77),
        "nh6": (4.72, 52.93), "nh7": (4.76, 52.96), "nh8": (4.90, 52.93), "nh9": (5.03, 52.93), "nh10": (5.10, 52.77),
        "nh11": (5.29, 52.70), "nh12": (5.06, 52.64), "nh13": (5.07, 52.50), "nh13b": (5.10, 52.45), "nh14": (4.99, 52.38),
        "nh15": (5.07, 52.33), "nh16": (5.18, 52.30), "u1": (5.28, 52.27),
        "nu1": (5.24, 52.22), "nu2": (5.15, 52.17), "nu3": (5.05, 52.19), "nu4": (4.95, 52.25), "hu": (4.82, 52.20),
        "zn1": (4.76, 52.22), "zn2": (4.65, 52.22), "zn3": (4.58, 52.29),
        // Zuid-Holland coast, Goeree-Overflakkee and the rivers to Noord-Brabant
        "zh1": (4.40, 52.20), "zh2": (4.27, 52.11), "zh3": (4.12, 51.98), "zh4": (4.02, 51.96), "zh5": (4.05, 51.88),
        "zh6": (3.85, 51.83), "zh7": (3.95, 51.77), "zh8": (4.18, 51.72), "zh9": (4.33, 51.68), "nbz": (4.44, 51.69),
        "zb1": (4.63, 51.70), "zb2": (4.72, 51.74), "zb3": (4.89, 51.81), "K": (4.98, 51.81), "J": (5.00, 51.84),
        "zu1": (4.93, 51.95), "zu2": (4.87, 52.03), "zu3": (4.80, 52.08), "zu4": (4.78, 52.15),
        // Utrecht and Gelderland
        "u2": (5.37, 52.27), "ug": (5.43, 52.25), "ug1": (5.46, 52.18), "ug2": (5.52, 52.10), "ug3": (5.60, 52.04),
        "ug4": (5.60, 51.96), "ug5": (5.40, 51.96), "ug6": (5.20, 51.96), "ug7": (5.10, 51.88),
        "g1": (5.50, 52.28), "g2": (5.62, 52.34), "g3": (5.76, 52.42), "g4": (5.86, 52.48), "go": (5.89, 52.52),
        "go1": (6.00, 52.47), "go2": (6.10, 52.44), "go3": (6.12, 52.35), "go4": (6.16, 52.25), "go5": (6.25, 52.20),
        "go6": (6.40, 52.18), "go7": (6.52, 52.20), "go8": (6.62, 52.13), "gd": (6.76, 52.12),
        "gg1": (6.85, 52.05), "gg2": (6.82, 51.97), "gg3": (6.65, 51.92), "gg4": (6.45, 51.85), "gg5": (6.17, 51.84),
        "gg6": (6.05, 51.86), "gg7": (6.00, 51.80), "gl": (5.96, 51.78), "gnl": (5.88, 51.76),
        "gn1": (5.77, 51.76), "gn2": (5.64, 51.82), "gn3": (5.50, 51.80), "gn4": (5.30, 51.76), "gn5": (5.10, 51.77),
        // Overijssel, the Noordoostpolder, Drenthe
        "og1": (6.99, 52.22), "og2": (7.06, 52.24), "og3": (7.07, 52.38), "og4": (6.98, 52.47), "og5": (6.72, 52.55),
        "od": (6.72, 52.63), "od1": (6.45, 52.62), "od2": (6.25, 52.67), "od3": (6.13, 52.72), "F": (6.13, 52.84),
        "of1": (5.98, 52.82), "kq": (5.84, 52.79), "on1": (5.96, 52.72), "on2": (5.93, 52.66), "on3": (5.85, 52.61),
        "o1": (5.85, 52.58), "o2": (5.90, 52.55),
        "n1": (5.75, 52.60), "n2": (5.60, 52.65), "n3": (5.58, 52.75), "n4": (5.63, 52.82), "lm": (5.71, 52.84),
        "dg1": (6.85, 52.65), "dg2": (6.95, 52.72), "dg3": (7.05, 52.80), "dgr": (7.07, 52.85),
        "dr1": (6.95, 52.93), "dr2": (6.82, 53.03), "dr3": (6.72, 53.10), "dr4": (6.60, 53.15), "dr5": (6.45, 53.18),
        "dr6": (6.33, 53.12), "T": (6.30, 53.10), "df1": (6.28, 53.02), "df2": (6.20, 52.92),
        // Friesland and Groningen
        "fg1": (6.25, 53.25), "fg2": (6.20, 53.40), "f1": (5.95, 53.40), "f2": (5.75, 53.33), "f3": (5.55, 53.25),
        "f4": (5.42, 53.17), "f5": (5.40, 53.08), "f6": (5.42, 52.98), "f7": (5.36, 52.88), "f8": (5.55, 52.85),
        "gr1": (7.20, 53.00), "gr2": (7.21, 53.18), "gr3": (7.20, 53.25), "gr4": (7.05, 53.30), "gr5": (6.93, 53.33),
        "gr6": (6.83, 53.44), "gr7": (6.50, 53.45),
        // Noord-Brabant, Zeeland, Limburg
        "zn": (4.28, 51.60), "nb0": (4.36, 51.63), "nz2": (4.28, 51.50), "nz3": (4.28, 51.43), "zbb": (4.24, 51.37),
        "nl1": (5.92, 51.70), "nl2": (5.98, 51.62), "nl3": (5.95, 51.55), "nl4": (5.85, 51.50), "nl5": (5.85, 51.42),
        "nl6": (5.75, 51.36), "nl7": (5.63, 51.33), "nlb": (5.55, 51.26),
        "nb1": (5.35, 51.28), "nb2": (5.22, 51.33), "nb3": (5.10, 51.42), "nb4": (4.95, 51.42), "nb5": (4.80, 51.48),
        "nb6": (4.66, 51.43), "nb7": (4.52, 51.48), "nb8": (4.40, 51.37),
        "lg1": (6.05, 51.70), "lg2": (6.10, 51.62), "lg3": (6.20, 51.52), "lg4": (6.22, 51.40), "lg5": (6.10, 51.28),
        "lg6": (6.17, 51.17), "lg7": (6.07, 51.10), "lg8": (5.90, 51.05), "lg9": (5.95, 51.00), "lg10": (6.10, 50.93),
        "lg11": (6.08, 50.85), "lg12": (6.02, 50.75), "lb1": (5.69, 50.76), "lb2": (5.64, 50.85), "lb3": (5.73, 50.95),
        "lb4": (5.77, 51.08), "lb5": (5.85, 51.15), "lb6": (5.65, 51.20),
    ]

    /// Province id (as in the catalogue) → rings of named points or literal points.
    static let rings: [(id: String, rings: [[String]], islands: [[Point]])] = [
        ("groningen", [["T", "dr6", "dr5", "dr4", "dr3", "dr2", "dr1", "dgr", "gr1", "gr2", "gr3", "gr4", "gr5", "gr6", "gr7", "fg2", "fg1"]], []),
        ("friesland", [["T", "fg1", "fg2", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "lm", "kq", "of1", "F", "df2", "df1"]], [
            [(4.92, 53.24), (5.10, 53.29), (5.09, 53.31), (4.91, 53.26)],
            [(5.17, 53.37), (5.40, 53.40), (5.57, 53.44), (5.55, 53.46), (5.30, 53.43), (5.17, 53.39)],
            [(5.62, 53.43), (5.93, 53.44), (5.92, 53.47), (5.63, 53.46)],
            [(6.12, 53.46), (6.33, 53.47), (6.31, 53.50), (6.12, 53.49)],
        ]),
        ("drenthe", [["F", "od3", "od2", "od1", "od", "dg1", "dg2", "dg3", "dgr", "dr1", "dr2", "dr3", "dr4", "dr5", "dr6", "T", "df1", "df2"]], []),
        ("overijssel", [["go", "go1", "go2", "go3", "go4", "go5", "go6", "go7", "go8", "gd", "og1", "og2", "og3", "og4", "og5", "od",
                         "od1", "od2", "od3", "F", "of1", "kq", "on1", "on2", "on3", "o1", "o2"]], []),
        ("flevoland", [["kq", "on1", "on2", "on3", "n1", "n2", "n3", "n4", "lm"]], [
            [(5.62, 52.58), (5.82, 52.56), (5.78, 52.48), (5.65, 52.40), (5.48, 52.33), (5.30, 52.32), (5.14, 52.35),
             (5.18, 52.42), (5.42, 52.52), (5.47, 52.57)],
        ]),
        ("noord-holland", [["nh1", "nh2", "nh3", "nh4", "nh5", "nh6", "nh7", "nh8", "nh9", "nh10", "nh11", "nh12", "nh13", "nh13b",
                            "nh14", "nh15", "nh16", "u1", "nu1", "nu2", "nu3", "nu4", "hu", "zn1", "zn2", "zn3"]], [
            [(4.72, 53.00), (4.89, 53.05), (4.90, 53.16), (4.85, 53.19), (4.72, 53.08)],
        ]),
        ("zuid-holland", [["nh1", "zn3", "zn2", "zn1", "hu", "zu4", "zu3", "zu2", "zu1", "J", "K", "zb3", "zb2", "zb1", "nbz", "zh9",
                           "zh8", "zh7", "zh6", "zh5", "zh4", "zh3", "zh2", "zh1"]], []),
        ("utrecht", [["hu", "nu4", "nu3", "nu2", "nu1", "u1", "u2", "ug", "ug1", "ug2", "ug3", "ug4", "ug5", "ug6", "ug7", "J",
                      "zu1", "zu2", "zu3", "zu4"]], []),
        ("gelderland", [["J", "ug7", "ug6", "ug5", "ug4", "ug3", "ug2", "ug1", "ug", "g1", "g2", "g3", "g4", "go", "go1", "go2", "go3",
                         "go4", "go5", "go6", "go7", "go8", "gd", "gg1", "gg2", "gg3", "gg4", "gg5", "gg6", "gg7", "gl", "gnl",
                         "gn1", "gn2", "gn3", "gn4", "gn5", "K"]], []),
        ("zeeland", [], [
            [(3.69, 51.68), (3.82, 51.72), (4.02, 51.69), (4.08, 51.63), (3.90, 51.61), (3.72, 51.64)],
            [(3.44, 51.54), (3.58, 51.58), (3.85, 51.57), (4.05, 51.54), (4.12, 51.60), (4.22, 51.64), (4.28, 51.60), (4.28, 51.50),
             (4.28, 51.43), (4.24, 51.37), (4.00, 51.40), (3.75, 51.42), (3.57, 51.44), (3.46, 51.50)],
            [(3.36, 51.37), (3.55, 51.40), (3.85, 51.36), (4.05, 51.36), (4.22, 51.35), (4.23, 51.31), (4.05, 51.25), (3.90, 51.21),
             (3.60, 51.26), (3.38, 51.28)],
        ]),
        ("noord-brabant", [["zn", "nb0", "nbz", "zb1", "zb2", "zb3", "K", "gn5", "gn4", "gn3", "gn2", "gn1", "gnl", "nl1", "nl2", "nl3",
                            "nl4", "nl5", "nl6", "nl7", "nlb", "nb1", "nb2", "nb3", "nb4", "nb5", "nb6", "nb7", "nb8", "zbb", "nz3", "nz2"]], []),
        ("limburg", [["gnl", "gl", "lg1", "lg2", "lg3", "lg4", "lg5", "lg6", "lg7", "lg8", "lg9", "lg10", "lg11", "lg12", "lb1", "lb2",
                      "lb3", "lb4", "lb5", "lb6", "nlb", "nl7", "nl6", "nl5", "nl4", "nl3", "nl2", "nl1"]], []),
    ]

    /// Where a province's count is written.
    static let labelPoints: [String: Point] = [
        "groningen": (6.75, 53.24), "friesland": (5.85, 53.10), "drenthe": (6.60, 52.86), "overijssel": (6.45, 52.40),
        "flevoland": (5.50, 52.46), "gelderland": (6.05, 52.08), "utrecht": (5.22, 52.07), "noord-holland": (4.85, 52.60),
        "zuid-holland": (4.52, 51.96), "zeeland": (3.85, 51.49), "noord-brabant": (5.20, 51.58), "limburg": (5.97, 51.30),
    ]

    static let west = 3.30, north = 53.56, scale = 190.0
    static let cosLat = 0.6129   // cos(52.2°): keeps the country's proportions

    static func project(_ q: Point) -> (x: Double, y: Double) {
        ((q.lon - west) * cosLat * scale, (north - q.lat) * scale)
    }

    static let size: (width: Double, height: Double) = ((7.30 - west) * cosLat * scale, (north - 50.70) * scale)

    /// The SVG path data of a province: all its rings.
    static func path(_ id: String) -> String {
        guard let entry = rings.first(where: { $0.id == id }) else { return "" }
        let named = entry.rings.map { $0.map { p[$0]! } }
        return (named + entry.islands).map { ring in
            ring.enumerated().map { i, q in
                let (x, y) = project(q)
                return (i == 0 ? "M" : "L") + Self.number(x) + " " + Self.number(y)
            }.joined() + "Z"
        }.joined()
    }

    static func number(_ v: Double) -> String {
        let tenths = Int((v * 10).rounded())
        return tenths % 10 == 0 ? String(tenths / 10) : String(tenths / 10) + "." + String(abs(tenths % 10))
    }
}
