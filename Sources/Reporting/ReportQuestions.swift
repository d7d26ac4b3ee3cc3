import RouteCatalog

/// The questions a demand report groups by, found through the catalogue by their declared meaning:
/// the visitor's education, sector, school type, role and province, and the subject questions
/// (vmbo profiles, mbo subjects). Without a catalogue the ids of the answers contract are used.
public struct ReportQuestions: Sendable, Equatable {
    public var education: String?
    public var sector: String?
    public var schoolType: String?
    public var role: String?
    public var province: String?
    public var subjects: [String]

    public init(education: String?, sector: String?, schoolType: String?, role: String?, province: String?, subjects: [String]) {
        self.education = education; self.sector = sector; self.schoolType = schoolType
        self.role = role; self.province = province; self.subjects = subjects
    }

    /// The answers contract's ids (`docs/routes.md`), for a report without a catalogue.
    public static let contract = ReportQuestions(
        education: "education", sector: "sector", schoolType: "schoolType", role: "role", province: "province",
        subjects: ["vmboProfiles", "mboSubjects"])

    public init(catalogue: Catalogue?) {
        guard let catalogue else { self = .contract; return }
        func id(_ meaning: QuestionMeaning) -> String? { catalogue.question(meaning: meaning)?.id }
        self.init(education: id(.education), sector: id(.sector), schoolType: id(.schoolType), role: id(.role),
                  province: id(.province), subjects: catalogue.questions(meaning: .subject).map(\.id))
    }

    /// The single-choice questions, in the order the report shows them.
    public var dimensions: [(key: String, question: String)] {
        [("province", province), ("sector", sector), ("schoolType", schoolType), ("role", role), ("education", education)]
            .compactMap { k, q in q.map { (k, $0) } }
    }
}
