import Foundation
import Testing
import TestSupport
@testable import Matching
@testable import RouteCatalog

/// Properties every result on the bundled catalogue keeps, for any answers: a step is given only
/// when it applies, every preference that fails is said as a mismatch, and the groups follow the
/// role and school type the visitor chose.
@Suite struct AdvicePropertyTests {
    @Test func stepsApplyMismatchesAreSaidGroupsFollowTheGoal() throws {
        let loaded = try loadBundled()
        let catalogue = loaded.catalogue
        let engine = Engine(loaded)
        let role = try #require(catalogue.question(meaning: .role))
        let schoolType = try #require(catalogue.question(meaning: .schoolType))
        var g = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            let answers = randomAnswers(catalogue, &g)
            let result = engine.match(answers)
            for m in result.routes {
                // No shown step's condition fails for these answers; none at all for a route
                // the visitor cannot take.
                for step in m.steps {
                    #expect(step.showIf.map { $0.evaluate(result.answers) != .fail } ?? true,
                            "\(m.route.id): step \"\(step.text.nl)\" for \(answers)")
                }
                if m.fit == .notEligible { #expect(m.steps.isEmpty, "\(m.route.id)") }
                // Every failing preference is a mismatch said in words, and only those.
                let failing = m.preferences.filter { $0.outcome == .fail }.map(\.criterion.id)
                #expect(m.mismatches.map(\.criterion.id) == failing)
                for mismatch in m.mismatches { #expect(mismatch.explanation == mismatch.criterion.fail) }
                // Reasons that pass say something; silent ones are not listed.
                #expect(m.reasons.allSatisfy { $0.criterion.pass != nil && $0.outcome == .pass })
                // The group: apart exactly when the route leads elsewhere than the role or school
                // type chosen (no preference, or no answer, splits nothing).
                func chosen(_ q: Question) -> String? {
                    guard case .option(let id)? = result.answers[q.id], q.option(id)?.isNoPreference == false else { return nil }
                    return id
                }
                let apart = (chosen(role).map { !m.route.roles.contains($0) } ?? false)
                    || (chosen(schoolType).map { !m.route.schoolTypes.contains($0) } ?? false)
                #expect((m.group == .alsoPossible) == apart, "\(m.route.id) for \(answers)")
            }
            let groups = result.routes.map(\.group)
            #expect(groups == groups.filter { $0 == .forYou } + groups.filter { $0 == .alsoPossible })
        }
    }
}
