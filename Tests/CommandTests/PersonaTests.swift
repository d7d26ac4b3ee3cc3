import Foundation
import Testing

/// Career switchers an advisor meets at an open day, with what the rules in docs/routes.md and the
/// sources say they should hear. Written from those rules, not from the program's output: the
/// route that must lead their list, the routes that must (not) fit, the group a route belongs in,
/// the steps that must not be given to them, and the words an explanation must carry.
struct Persona: Sendable, CustomStringConvertible {
    var name: String
    var answers: String
    /// The first route of the list must be one of these.
    var leads: Set<String>
    var eligible: [String] = []
    var near: [String] = []
    var notEligible: [String] = []
    /// Routes that must not be shown to this visitor at all (a route only for some).
    var absent: [String] = []
    /// Routes that must stand apart, under "also possible".
    var alsoPossible: [String] = []
    /// Routes that must stand in the visitor's own group.
    var forYou: [String] = []
    /// No step of any route may contain these words.
    var absentSteps: [String] = []
    /// (route, words): a step of that route must contain the words.
    var presentSteps: [(String, String)] = []
    /// (route, words): what the route says to this visitor (a reason, what is missing, a
    /// mismatch with their wishes) must contain the words.
    var says: [(String, String)] = []
    /// (route, words): nothing the route says to this visitor contains the words.
    var neverSays: [(String, String)] = []
    /// (a, b): route a is ranked above route b.
    var above: [(String, String)] = []
    /// (route, provider): that provider is the nearest place for the route.
    var nearest: [(String, String)] = []

    var description: String { name }
}

let personas: [Persona] = [
    // The issue's cases.
    Persona(name: "52-jarige elektricien, mbo-4, wil docent worden in het vmbo",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":false,"sector":"elektro","experienceYears":30,"schoolType":"vmbo","role":"docent","vmboProfiles":["pie"],"schoolJob":"no","hours":"parttime","province":"utrecht","age":52}"#,
            leads: ["verkorte-route-bwi-pie-mvi", "bachelor-deeltijd"],
            near: ["zij-instroom-vmbo-beroepsgericht"], notEligible: ["zij-instroom", "kopopleiding"],
            alsoPossible: ["gastdocent", "instructeur", "associate-degree", "pdg"],
            forYou: ["zij-instroom-vmbo-beroepsgericht", "bachelor-deeltijd"],
            says: [("zij-instroom-vmbo-beroepsgericht", "hbo werk- en denkniveau")],
            above: [("zij-instroom-vmbo-beroepsgericht", "gastdocent"), ("zij-instroom-vmbo-beroepsgericht", "instructeur"),
                    ("zij-instroom-vmbo-beroepsgericht", "associate-degree")]),
    Persona(name: "hbo-ICT'er die hybride docent wil worden",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"ict","experienceYears":12,"schoolType":"mbo","role":"hybride","mboSubjects":["mbo-ict"],"relatedBachelor":"yes","schoolJob":"no","hours":"few-hours","province":"noord-brabant","age":38}"#,
            leads: ["hybride-docent"], near: ["hybride-docent"],
            alsoPossible: ["zij-instroom", "kopopleiding", "bachelor-deeltijd", "gastdocent", "instructeur"],
            forYou: ["hybride-docent", "pdg"],
            says: [("hybride-docent", "school")],
            above: [("hybride-docent", "zij-instroom"), ("hybride-docent", "gastdocent")]),
    Persona(name: "hbo-bachelor met een aanstelling in het mbo",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"werktuigbouw","experienceYears":9,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-werktuigbouwkunde"],"relatedBachelor":"yes","schoolJob":"yes","hours":"parttime","province":"zuid-holland","age":40}"#,
            leads: ["pdg", "zij-instroom"], eligible: ["pdg", "zij-instroom", "kopopleiding"],
            absentSteps: ["Zoek een mbo-school", "Zoek een school", "hbo werk- en denkniveau vaststellen"],
            presentSteps: [("pdg", "geschiktheidsverklaring")]),
    Persona(name: "wil in deeltijd studeren: de voltijdbachelor zegt dat hij voltijd is",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":false,"sector":"bouw","experienceYears":6,"schoolType":"either","role":"docent","vmboProfiles":["bwi"],"mboSubjects":["mbo-bouw"],"schoolJob":"no","hours":"parttime","province":"gelderland","age":29}"#,
            leads: ["verkorte-route-bwi-pie-mvi", "bachelor-deeltijd"], eligible: ["bachelor-voltijd", "bachelor-deeltijd"],
            says: [("bachelor-voltijd", "voltijdopleiding")],
            above: [("bachelor-deeltijd", "bachelor-voltijd")]),
    Persona(name: "koos alleen een mbo-vak: vmbo-routes zeggen dat ze voor het vmbo zijn",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":false,"sector":"ict","experienceYears":7,"schoolType":"either","role":"docent","mboSubjects":["mbo-ict"],"schoolJob":"no","hours":"parttime","province":"flevoland","age":33}"#,
            leads: ["bachelor-deeltijd"],
            says: [("verkorte-route-bwi-pie-mvi", "vmbo-profiel; jij koos alleen een vak in het mbo"),
                   ("zij-instroom-vmbo-beroepsgericht", "BWI, PIE en M&T")],
            above: [("bachelor-deeltijd", "verkorte-route-bwi-pie-mvi")]),
    Persona(name: "niet-technische wo-master die ICT wil geven in het mbo",
            answers: #"{"education":"wo-master","foreignQualification":"no","sector":"non-technical","schoolType":"mbo","role":"docent","mboSubjects":["mbo-ict"],"relatedBachelor":"no","schoolJob":"no","hours":"fulltime-study","province":"utrecht","age":35}"#,
            leads: ["bachelor-voltijd", "bachelor-deeltijd"], near: ["zij-instroom", "pdg"], notEligible: ["kopopleiding"],
            says: [("kopopleiding", "verwant"), ("zij-instroom", "buiten de techniek")]),
    // Kopopleiding and the related degree.
    Persona(name: "hbo-bachelor die niet weet of zijn opleiding verwant is",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"proces","experienceYears":5,"schoolType":"mbo","role":"docent","relatedBachelor":"unsure","schoolJob":"no","hours":"fulltime-study","province":"zuid-holland","age":31}"#,
            leads: ["bachelor-voltijd", "bachelor-deeltijd", "kopopleiding"], near: ["kopopleiding"],
            presentSteps: [("kopopleiding", "verwant")],
            says: [("kopopleiding", "verwantschapstabel")]),
    Persona(name: "werktuigbouwkundig ingenieur die voltijd een jaar wil studeren",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"werktuigbouw","experienceYears":8,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-werktuigbouwkunde"],"relatedBachelor":"yes","schoolJob":"no","hours":"fulltime-study","province":"zuid-holland","age":33}"#,
            leads: ["kopopleiding"], eligible: ["kopopleiding"], near: ["zij-instroom", "pdg"],
            absentSteps: ["Laat bij de intake nagaan"]),
    // Foreign diplomas.
    // DUO recognises a teaching qualification from abroad (duo.nl, werken-als-leraar: "U hebt een
    // lerarenopleiding gevolgd", "Het diploma geeft dezelfde lesbevoegdheid als de aangevraagde
    // bevoegdheid"): since catalogue 2026.11.3 that recognition is a route of its own, and an advisor
    // leads with it rather than with a new teacher programme.
    Persona(name: "leraar uit het buitenland, daar bevoegd",
            answers: #"{"education":"wo-master","foreignQualification":"teaching","sector":"elektro","experienceYears":6,"schoolType":"mbo","role":"docent","relatedBachelor":"yes","schoolJob":"talking","hours":"parttime","province":"noord-holland","age":41}"#,
            leads: ["erkenning-buitenlandse-bevoegdheid"], eligible: ["erkenning-buitenlandse-bevoegdheid"],
            forYou: ["erkenning-buitenlandse-bevoegdheid"],
            absentSteps: ["Nuffic"],
            presentSteps: [("pdg", "DUO"), ("erkenning-buitenlandse-bevoegdheid", "DUO")],
            above: [("erkenning-buitenlandse-bevoegdheid", "kopopleiding"), ("erkenning-buitenlandse-bevoegdheid", "pdg")]),
    Persona(name: "elektrotechnisch ingenieur met een buitenlands diploma, geen leraar",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"diploma","sector":"elektro","experienceYears":9,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-elektrotechniek"],"relatedBachelor":"unsure","schoolJob":"talking","hours":"parttime","province":"gelderland","age":36}"#,
            leads: ["bachelor-deeltijd", "pdg", "zij-instroom", "kopopleiding"],
            near: ["pdg", "zij-instroom", "kopopleiding"], absent: ["erkenning-buitenlandse-bevoegdheid"],
            absentSteps: ["erkenning van je bevoegdheid"],
            presentSteps: [("pdg", "Nuffic"), ("pdg", "NT2"), ("zij-instroom", "B2")]),
    Persona(name: "ingenieur met een buitenlands diploma, zonder bevoegdheid",
            answers: #"{"education":"wo-master","foreignQualification":"diploma","sector":"werktuigbouw","experienceYears":12,"schoolType":"either","role":"docent","vmboProfiles":["pie"],"relatedBachelor":"yes","schoolJob":"no","hours":"parttime","province":"noord-brabant","age":38}"#,
            leads: ["verkorte-route-bwi-pie-mvi", "bachelor-deeltijd", "zij-instroom", "kopopleiding"],
            absentSteps: ["erkenning van je buitenlandse onderwijsbevoegdheid"],
            presentSteps: [("zij-instroom", "Nuffic"), ("zij-instroom", "B2")]),
    // Young people and diplomas below the entry level.
    Persona(name: "negentienjarige zonder diploma, weet het nog niet",
            answers: #"{"education":"none","hboAssessment":false,"sector":"metaal","experienceYears":1,"schoolType":"either","role":"unsure","schoolJob":"no","hours":"fulltime-study","province":"limburg","age":19}"#,
            leads: ["gastdocent"],
            notEligible: ["bachelor-deeltijd", "bachelor-voltijd", "associate-degree", "zij-instroom", "kopopleiding", "pdg", "instructeur"],
            forYou: ["gastdocent", "bachelor-deeltijd", "instructeur", "pdg", "associate-degree"]),
    Persona(name: "negentienjarige met mbo-2 die docent wil worden",
            answers: #"{"education":"mbo-2","foreignQualification":"no","hboAssessment":false,"sector":"installatie","experienceYears":2,"schoolType":"vmbo","role":"docent","vmboProfiles":["pie"],"schoolJob":"no","hours":"fulltime-study","province":"friesland","age":19}"#,
            leads: ["bachelor-voltijd", "bachelor-deeltijd", "verkorte-route-bwi-pie-mvi", "zij-instroom-vmbo-beroepsgericht", "zij-instroom", "kopopleiding"],
            notEligible: ["bachelor-deeltijd", "bachelor-voltijd", "verkorte-route-bwi-pie-mvi", "associate-degree", "zij-instroom-vmbo-beroepsgericht"],
            says: [("bachelor-voltijd", "21 jaar")]),
    Persona(name: "35-jarige timmerman met mbo-3 die BWI wil geven",
            answers: #"{"education":"mbo-3","foreignQualification":"no","hboAssessment":false,"sector":"bouw","experienceYears":15,"schoolType":"vmbo","role":"docent","vmboProfiles":["bwi"],"schoolJob":"no","hours":"parttime","province":"overijssel","age":35}"#,
            leads: ["verkorte-route-bwi-pie-mvi", "bachelor-deeltijd"],
            near: ["bachelor-deeltijd", "verkorte-route-bwi-pie-mvi"], notEligible: ["zij-instroom-vmbo-beroepsgericht", "zij-instroom"],
            presentSteps: [("bachelor-deeltijd", "21+ toelatingsonderzoek")]),
    Persona(name: "havo-leerling van 23 die voltijd wil studeren",
            answers: #"{"education":"havo","foreignQualification":"no","hboAssessment":false,"sector":"ict","experienceYears":2,"schoolType":"either","role":"docent","vmboProfiles":["mvi"],"schoolJob":"no","hours":"fulltime-study","province":"flevoland","age":23}"#,
            leads: ["bachelor-voltijd"], eligible: ["bachelor-voltijd"],
            absentSteps: ["21+"]),
    // Zij-instroom.
    Persona(name: "hbo-bachelor met een baan op een vmbo-school",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"installatie","experienceYears":10,"schoolType":"vmbo","role":"docent","vmboProfiles":["pie"],"relatedBachelor":"yes","schoolJob":"yes","hours":"parttime","province":"groningen","age":44}"#,
            leads: ["zij-instroom"], eligible: ["zij-instroom"], notEligible: ["zij-instroom-vmbo-beroepsgericht"],
            alsoPossible: ["pdg"],
            absentSteps: ["Zoek een school", "Zoek een vmbo-school"]),
    Persona(name: "mbo-4-installateur met hbo-test en een vmbo-baan: zij-instroom met mbo-4",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":true,"sector":"installatie","experienceYears":11,"schoolType":"vmbo","role":"docent","vmboProfiles":["pie"],"schoolJob":"yes","hours":"parttime","province":"noord-holland","age":39}"#,
            leads: ["zij-instroom-vmbo-beroepsgericht", "verkorte-route-bwi-pie-mvi", "bachelor-deeltijd"],
            eligible: ["zij-instroom-vmbo-beroepsgericht"], notEligible: ["zij-instroom"],
            absentSteps: ["capaciteitentest", "Zoek een vmbo-school"]),
    Persona(name: "mbo-4 met MVI: de uitzondering geldt daar niet",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":true,"sector":"media","experienceYears":9,"schoolType":"vmbo","role":"docent","vmboProfiles":["mvi"],"schoolJob":"yes","hours":"parttime","province":"zuid-holland","age":36}"#,
            leads: ["verkorte-route-bwi-pie-mvi", "bachelor-deeltijd"], notEligible: ["zij-instroom-vmbo-beroepsgericht"],
            says: [("zij-instroom-vmbo-beroepsgericht", "BWI, PIE en M&T")]),
    // PDG.
    Persona(name: "installateur met hbo-bachelor en een mbo-baan in Noord-Holland zoekt een PDG",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"installatie","experienceYears":12,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-installatietechniek"],"relatedBachelor":"yes","schoolJob":"yes","hours":"parttime","province":"noord-holland","age":47}"#,
            leads: ["pdg"], eligible: ["pdg", "zij-instroom"], absent: ["erkenning-buitenlandse-bevoegdheid"],
            absentSteps: ["Zoek een mbo-school", "hbo werk- en denkniveau vaststellen"],
            nearest: [("pdg", "hva"), ("zij-instroom", "hva")]),
    Persona(name: "mbo-4-monteur in Zeeland met een mbo-aanstelling zoekt een PDG",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":true,"sector":"mobiliteit","experienceYears":9,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-motorvoertuigen"],"schoolJob":"yes","hours":"parttime","province":"zeeland","age":39}"#,
            leads: ["pdg"], eligible: ["pdg"],
            nearest: [("pdg", "hogeschool-rotterdam")]),
    Persona(name: "mbo-4-monteur met hbo-test en een mbo-aanstelling",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":true,"sector":"mobiliteit","experienceYears":9,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-motorvoertuigen"],"schoolJob":"yes","hours":"parttime","province":"groningen","age":39}"#,
            leads: ["pdg"], eligible: ["pdg"],
            absentSteps: ["Zoek een mbo-school", "hbo werk- en denkniveau vaststellen"]),
    Persona(name: "mbo-4-elektromonteur zonder hbo-test met een mbo-aanstelling",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":false,"sector":"elektro","experienceYears":14,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-elektrotechniek"],"schoolJob":"yes","hours":"parttime","province":"limburg","age":42}"#,
            leads: ["bachelor-deeltijd", "bachelor-voltijd", "pdg"], near: ["pdg"],
            presentSteps: [("pdg", "hbo werk- en denkniveau")],
            says: [("pdg", "hbo werk- en denkniveau")]),
    Persona(name: "mbo-4 met twee jaar ervaring: het PDG vraagt er drie",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":true,"sector":"elektro","experienceYears":2,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-elektrotechniek"],"schoolJob":"yes","hours":"parttime","province":"drenthe","age":26}"#,
            leads: ["bachelor-deeltijd", "bachelor-voltijd"], notEligible: ["pdg"],
            says: [("pdg", "drie jaar")]),
    // Other roles.
    Persona(name: "metaalbewerker die instructeur wil worden",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":false,"sector":"metaal","experienceYears":6,"schoolType":"mbo","role":"instructeur","mboSubjects":["mbo-werktuigbouwkunde"],"schoolJob":"talking","hours":"parttime","province":"drenthe","age":31}"#,
            leads: ["instructeur"], eligible: ["instructeur"],
            alsoPossible: ["pdg", "bachelor-deeltijd", "hybride-docent", "gastdocent"]),
    Persona(name: "lasser met mbo-3 die instructeur wil worden",
            answers: #"{"education":"mbo-3","foreignQualification":"no","hboAssessment":false,"sector":"metaal","experienceYears":12,"schoolType":"mbo","role":"instructeur","schoolJob":"no","hours":"parttime","province":"zeeland","age":45}"#,
            leads: ["instructeur"], near: ["instructeur"],
            says: [("instructeur", "mbo-3")]),
    Persona(name: "timmerman die een paar uur gastles wil geven",
            answers: #"{"education":"mbo-3","foreignQualification":"no","hboAssessment":false,"sector":"bouw","experienceYears":20,"schoolType":"vmbo","role":"gastdocent","schoolJob":"no","hours":"few-hours","province":"friesland","age":52}"#,
            leads: ["gastdocent"], eligible: ["gastdocent"],
            alsoPossible: ["hybride-docent", "bachelor-deeltijd", "instructeur", "pdg"]),
    Persona(name: "vwo'er die leraarondersteuner wil worden",
            answers: #"{"education":"vwo","foreignQualification":"no","hboAssessment":false,"sector":"media","experienceYears":1,"schoolType":"vmbo","role":"ondersteuner","vmboProfiles":["mvi"],"schoolJob":"no","hours":"parttime","province":"zeeland","age":26}"#,
            leads: ["associate-degree"], eligible: ["associate-degree"],
            alsoPossible: ["bachelor-deeltijd", "gastdocent"]),
    Persona(name: "elektrotechnicus die zijn baan houdt en een dag per week lesgeeft",
            answers: #"{"education":"mbo-4","foreignQualification":"no","hboAssessment":false,"sector":"elektro","experienceYears":15,"schoolType":"mbo","role":"hybride","mboSubjects":["mbo-elektrotechniek"],"schoolJob":"yes","hours":"parttime","province":"noord-holland","age":44}"#,
            leads: ["hybride-docent"], eligible: ["hybride-docent"], near: ["pdg"],
            alsoPossible: ["bachelor-deeltijd", "instructeur"], forYou: ["hybride-docent", "pdg"],
            absentSteps: ["Zoek een mbo- of vmbo-school"]),
    // No preference: one list.
    Persona(name: "hbo-bachelor die nog niet weet welke rol en welke school",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"energie","experienceYears":7,"schoolType":"either","role":"unsure","relatedBachelor":"yes","schoolJob":"yes","hours":"parttime","province":"overijssel","age":37}"#,
            leads: ["pdg", "zij-instroom", "hybride-docent", "instructeur"],
            eligible: ["zij-instroom", "pdg"],
            forYou: ["zij-instroom", "pdg", "gastdocent", "instructeur", "associate-degree", "hybride-docent", "verkorte-route-bwi-pie-mvi"]),
    Persona(name: "econoom zonder technische ervaring",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"non-technical","schoolType":"either","role":"unsure","relatedBachelor":"no","schoolJob":"no","hours":"parttime","province":"gelderland","age":30}"#,
            leads: ["bachelor-deeltijd"], notEligible: ["kopopleiding", "gastdocent", "instructeur", "hybride-docent"],
            says: [("bachelor-deeltijd", "al een bachelor")]),
    Persona(name: "woont in het buitenland en wil naar het mbo",
            answers: #"{"education":"hbo-master","foreignQualification":"diploma","sector":"maritiem","experienceYears":20,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-maritiem"],"relatedBachelor":"yes","schoolJob":"no","hours":"fulltime-study","province":"abroad","age":50}"#,
            leads: ["kopopleiding"], eligible: ["kopopleiding"],
            presentSteps: [("kopopleiding", "Nuffic")]),
    // Two eligible routes that each clash with one wish stand above one that clashes with two.
    Persona(name: "werktuigbouwkundig ingenieur (wo-master) in gesprek met een mbo-school, zoekt deeltijd",
            answers: #"{"education":"wo-master","foreignQualification":"no","sector":"werktuigbouw","experienceYears":15,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-werktuigbouwkunde"],"relatedBachelor":"yes","schoolJob":"talking","hours":"parttime","province":"gelderland","age":45}"#,
            leads: ["bachelor-deeltijd", "kopopleiding"], eligible: ["kopopleiding", "bachelor-deeltijd", "bachelor-voltijd"],
            near: ["pdg", "zij-instroom"], forYou: ["kopopleiding", "pdg", "zij-instroom"],
            says: [("kopopleiding", "voltijdjaar"), ("kopopleiding", "verwant"), ("bachelor-deeltijd", "al een bachelor"),
                   ("bachelor-voltijd", "voltijdopleiding"), ("bachelor-voltijd", "al een bachelor")],
            neverSays: [("kopopleiding", "kan verwant zijn")],
            above: [("kopopleiding", "bachelor-voltijd"), ("bachelor-deeltijd", "bachelor-voltijd")]),
    // With a related bachelor a whole bachelor again is the long way round: the one-year
    // kopopleiding leads, though it may be full-time; zij-instroom and the PDG follow once a
    // school hires them.
    Persona(name: "hbo-bachelor werktuigbouw zonder school, wil in deeltijd mbo-docent worden",
            answers: #"{"education":"hbo-bachelor","foreignQualification":"no","sector":"werktuigbouw","experienceYears":12,"schoolType":"mbo","role":"docent","mboSubjects":["mbo-werktuigbouwkunde"],"relatedBachelor":"yes","schoolJob":"no","hours":"parttime","province":"overijssel","age":39}"#,
            leads: ["kopopleiding"], eligible: ["kopopleiding", "bachelor-deeltijd"], near: ["pdg", "zij-instroom"],
            presentSteps: [("zij-instroom", "school")],
            says: [("bachelor-deeltijd", "al een bachelor"), ("kopopleiding", "voltijdjaar")],
            above: [("kopopleiding", "bachelor-deeltijd"), ("bachelor-deeltijd", "bachelor-voltijd")]),
]

@Suite struct PersonaTests {
    struct Document: Decodable {
        struct Route: Decodable {
            struct Condition: Decodable { var id: String; var outcome: String; var explanation: String? }
            struct Step: Decodable { var text: String }
            struct Place: Decodable { var provider: String }
            var id: String; var group: String; var fit: String
            var conditions: [Condition]; var missing: [Condition]; var mismatches: [Condition]; var steps: [Step]
            var providers: [Place]
            /// Everything the route says to the visitor.
            var said: [String] { (conditions + missing + mismatches).compactMap(\.explanation) }
        }
        var routes: [Route]
        func route(_ id: String) -> Route? { routes.first { $0.id == id } }
        func rank(_ id: String) -> Int? { routes.firstIndex { $0.id == id } }
    }

    @Test(arguments: personas)
    func theAdviceFollowsTheRules(persona: Persona) throws {
        let result = try run(["match", "--format", "json"], stdin: persona.answers)
        #expect(result.status == 0, "\(result.stderr)")
        let doc = try JSONDecoder().decode(Document.self, from: Data(result.stdout.utf8))
        let first = try #require(doc.routes.first)
        #expect(persona.leads.contains(first.id), "leads with \(first.id)")
        for (ids, fit) in [(persona.eligible, "eligible"), (persona.near, "near"), (persona.notEligible, "notEligible")] {
            for id in ids { #expect(doc.route(id)?.fit == fit, "\(id) should be \(fit)") }
        }
        for id in persona.absent { #expect(doc.route(id) == nil, "\(id) is not for this visitor") }
        for id in persona.alsoPossible { #expect(doc.route(id)?.group == "alsoPossible", "\(id) belongs under 'also possible'") }
        for id in persona.forYou { #expect(doc.route(id)?.group == "forYou", "\(id) belongs with the visitor's own routes") }
        // "Also possible" never stands above the visitor's own routes.
        let groups = doc.routes.map(\.group)
        #expect(groups == groups.sorted { $0 == "forYou" && $1 != "forYou" }, "the visitor's own group first")
        for words in persona.absentSteps {
            for route in doc.routes {
                for step in route.steps { #expect(!step.text.contains(words), "\(route.id): step \"\(step.text)\"") }
            }
        }
        for (id, words) in persona.presentSteps {
            let steps = try #require(doc.route(id)?.steps)
            #expect(steps.contains { $0.text.contains(words) }, "\(id) needs a step with \"\(words)\"")
        }
        for (id, words) in persona.says {
            let said = try #require(doc.route(id)?.said)
            #expect(said.contains { $0.contains(words) }, "\(id) must say \"\(words)\"; says \(said)")
        }
        for (id, words) in persona.neverSays {
            let said = try #require(doc.route(id)?.said)
            #expect(!said.contains { $0.contains(words) }, "\(id) must not say \"\(words)\"; says \(said)")
        }
        for (id, provider) in persona.nearest {
            let places = try #require(doc.route(id)?.providers)
            #expect(places.first?.provider == provider, "\(id): nearest is \(places.first?.provider ?? "none")")
        }
        for (a, b) in persona.above {
            let ra = try #require(doc.rank(a)), rb = try #require(doc.rank(b))
            #expect(ra < rb, "\(a) above \(b)")
        }
    }

    @Test func thereAreEnoughPersonas() {
        #expect(personas.count >= 25)
        #expect(Set(personas.map(\.name)).count == personas.count)
    }
}
