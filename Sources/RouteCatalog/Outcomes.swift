/// How well a route fits a person: what the engine decides and the session log keeps.
public enum Fit: String, Sendable, Codable, Hashable, CaseIterable {
    /// Every requirement passes.
    case eligible
    /// Only requirements the person can still meet fail, or answers are missing.
    case near
    /// A requirement the person cannot meet (soon) fails.
    case notEligible
}

/// How a questionnaire ended: what the questionnaire decides and the session log keeps.
public enum SessionOutcome: String, Sendable, Hashable, Codable, CaseIterable {
    case completed, abandoned, timedOut
}
