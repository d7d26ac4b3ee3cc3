import RouteCatalog

/// The questions a demand report groups by, found through the catalogue: the visitor's education,
/// sector, school type, role and province, and the subject questions (vmbo profiles, mbo subjects).
///
/// The catalogue does not yet declare what a question means, so a question is recognised by its
/// id, and subject questions also by being multiple choice about a profile or subject. Without a
/// catalogue the ids of the answers contract are used.
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

    /// The answers contract's ids (`docs/routes.md`).
    public static let contract = ReportQuestions(
        education: "education", sector: "sector", schoolType: "schoolType", role: "role", province: "province",
        subjects: ["profiles"])

    public init(catalogue: Catalogue?) {
        guard let catalogue else { self = .contract; return }
        func find(_ id: String?) -> String? {
            guard let id, let q = catalogue.questions.first(where: { $0.id == id }), q.kind == .single else { return nil }
            return q.id
        }
        let c = Self.contract
        self.init(education: find(c.education), sector: find(c.sector), schoolType: find(c.schoolType),
                  role: find(c.role), province: find(c.province),
                  subjects: catalogue.questions.filter { q in
                      guard !q.choices.isEmpty else { return false }
                      let id = q.id.lowercased()
                      return id.contains("profile") || id.contains("subject") || id.contains("vakgebied")
                  }.map(\.id))
    }

    /// The single-choice questions, in the order the report shows them.
    public var dimensions: [(key: String, question: String)] {
        [("province", province), ("sector", sector), ("schoolType", schoolType), ("role", role), ("education", education)]
            .compactMap { k, q in q.map { (k, $0) } }
    }
}
