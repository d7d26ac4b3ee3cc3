import Testing
import TestSupport
@testable import Matching
@testable import RouteCatalog

@Suite struct OperatorTests {
    let answers: Answers = [
        "education": .option("mbo-4"), "experienceYears": .number(8), "profiles": .options(["bwi", "pie"]),
        "schoolJob": .boolean(true),
    ]

    /// (condition, outcome with the answers above, outcome with no answers)
    static let table: [(String, Outcome, Outcome)] = [
        (#"{"question":"education","op":"equals","value":"mbo-4"}"#, Outcome.pass, Outcome.unknown),
        (#"{"question":"education","op":"equals","value":"hbo-bachelor"}"#, .fail, .unknown),
        (#"{"question":"education","op":"notEquals","value":"hbo-bachelor"}"#, .pass, .unknown),
        (#"{"question":"education","op":"notEquals","value":"mbo-4"}"#, .fail, .unknown),
        (#"{"question":"education","op":"in","values":["mbo-4","hbo-bachelor"]}"#, .pass, .unknown),
        (#"{"question":"education","op":"in","values":["hbo-bachelor"]}"#, .fail, .unknown),
        (#"{"question":"education","op":"notIn","values":["hbo-bachelor"]}"#, .pass, .unknown),
        (#"{"question":"education","op":"notIn","values":["mbo-4"]}"#, .fail, .unknown),
        (#"{"question":"experienceYears","op":"gte","value":8}"#, .pass, .unknown),
        (#"{"question":"experienceYears","op":"gte","value":9}"#, .fail, .unknown),
        (#"{"question":"experienceYears","op":"lte","value":8}"#, .pass, .unknown),
        (#"{"question":"experienceYears","op":"lte","value":7}"#, .fail, .unknown),
        (#"{"question":"experienceYears","op":"between","min":3,"max":8}"#, .pass, .unknown),
        (#"{"question":"experienceYears","op":"between","min":9,"max":20}"#, .fail, .unknown),
        (#"{"question":"experienceYears","op":"equals","value":8}"#, .pass, .unknown),
        (#"{"question":"profiles","op":"contains","value":"pie"}"#, .pass, .unknown),
        (#"{"question":"profiles","op":"contains","value":"mvi"}"#, .fail, .unknown),
        (#"{"question":"profiles","op":"containsAny","values":["mvi","bwi"]}"#, .pass, .unknown),
        (#"{"question":"profiles","op":"containsAny","values":["mvi"]}"#, .fail, .unknown),
        (#"{"question":"schoolJob","op":"equals","value":true}"#, .pass, .unknown),
        (#"{"question":"schoolJob","op":"equals","value":false}"#, .fail, .unknown),
        (#"{"question":"schoolJob","op":"answered"}"#, .pass, .fail),
    ]

    /// A new operator needs rows above: its meaning is tested in both evaluations.
    @Test func theTableCoversEveryOperatorWithAMeaning() throws {
        var covered: Set<Condition.Operator> = []
        for (json, _, _) in Self.table {
            guard case .compare(_, let op, let operand) = try condition(json) else { continue }
            covered.insert(op)
            #expect(Condition.test(op, operand).test != .never, "\(json) has no meaning")
        }
        #expect(covered == Set(Condition.Operator.allCases))
    }

    @Test(arguments: OperatorTests.table)
    func eachOperator(json: String, answered: Outcome, unanswered: Outcome) throws {
        let c = try condition(json)
        #expect(c.evaluate(answers) == answered)
        #expect(c.evaluate([:]) == unanswered)
        #expect(c.trace(answers).outcome == answered)
        // The compiled ranking path agrees, also under not().
        let index = QuestionIndex(try loadFixture("minimal.json").catalogue.questions)
        var program = ConditionProgram()
        let start = program.append(c, index)
        let negated = program.append(.not(c), index)
        #expect(program.evaluate(at: start, CompiledAnswers(answers, index)) == answered)
        #expect(program.evaluate(at: start, CompiledAnswers([:], index)) == unanswered)
        let flipped: Outcome = answered == .pass ? .fail : (answered == .fail ? .pass : .unknown)
        #expect(program.evaluate(at: negated, CompiledAnswers(answers, index)) == flipped)
    }

    @Test func evaluateAgreesWithTheTrace() throws {
        var g = SplitMix64(seed: 3)
        let catalogue = try loadBundled().catalogue
        for _ in 0..<200 {
            let answers = randomAnswers(catalogue, &g)
            for route in catalogue.routes {
                for c in route.requirements + route.weightedPreferences {
                    #expect(c.when.evaluate(answers) == c.when.trace(answers).outcome)
                }
            }
        }
    }

    @Test func aNumberOperatorOnAnOptionAnswerFails() throws {
        #expect(try condition(#"{"question":"education","op":"gte","value":3}"#).evaluate(answers) == .fail)
    }
}

@Suite struct NestingTests {
    // Leaves with a known outcome under the answers {a: "x", b: "y"} (c unanswered).
    let answers: Answers = ["a": .option("x"), "b": .option("y")]
    let pass = #"{"question":"a","op":"equals","value":"x"}"#
    let fail = #"{"question":"b","op":"equals","value":"z"}"#
    let unknown = #"{"question":"c","op":"equals","value":"x"}"#

    func outcome(_ json: String) throws -> Outcome { try condition(json).evaluate(answers) }

    @Test func allIsKleeneConjunction() throws {
        #expect(try outcome(#"{"all":[\#(pass),\#(pass)]}"#) == .pass)
        #expect(try outcome(#"{"all":[\#(pass),\#(fail)]}"#) == .fail)
        #expect(try outcome(#"{"all":[\#(unknown),\#(fail)]}"#) == .fail)
        #expect(try outcome(#"{"all":[\#(pass),\#(unknown)]}"#) == .unknown)
    }

    @Test func anyIsKleeneDisjunction() throws {
        #expect(try outcome(#"{"any":[\#(fail),\#(pass)]}"#) == .pass)
        #expect(try outcome(#"{"any":[\#(unknown),\#(pass)]}"#) == .pass)
        #expect(try outcome(#"{"any":[\#(fail),\#(unknown)]}"#) == .unknown)
        #expect(try outcome(#"{"any":[\#(fail),\#(fail)]}"#) == .fail)
    }

    @Test func notSwapsPassAndFailAndKeepsUnknown() throws {
        #expect(try outcome(#"{"not":\#(pass)}"#) == .fail)
        #expect(try outcome(#"{"not":\#(fail)}"#) == .pass)
        #expect(try outcome(#"{"not":\#(unknown)}"#) == .unknown)
    }

    @Test func deepNesting() throws {
        let json = #"{"all":[{"any":[\#(fail),{"not":\#(fail)}]},{"not":{"all":[\#(pass),\#(fail)]}}]}"#
        #expect(try outcome(json) == .pass)
    }

    @Test func theTraceKeepsEveryPartEvenAfterTheOutcomeIsDecided() throws {
        let trace = try condition(#"{"all":[\#(fail),\#(pass),\#(unknown)]}"#).trace(answers)
        #expect(trace.outcome == .fail)
        #expect(trace.parts.map(\.outcome) == [.fail, .pass, .unknown])
        #expect(trace.parts[0].condition == "b equals z")
    }

    @Test func decodingRejectsMixedForms() {
        #expect(throws: DecodingError.self) {
            try condition(#"{"all":[], "question":"a","op":"answered"}"#)
        }
        #expect(throws: DecodingError.self) { try condition(#"{"question":"a","op":"in","value":"x"}"#) }
    }
}

/// The compiled fast path must agree with the explained path on every condition and answer set.
@Suite struct CompiledAgreementTests {
    @Test func compiledAndTracedOutcomesAgreeOnTheBundledCatalogue() throws {
        let loaded = try loadBundled()
        let catalogue = loaded.catalogue
        let index = QuestionIndex(catalogue.questions)
        var generator = SplitMix64(seed: 42)
        let conditions = catalogue.routes.flatMap { ($0.requirements + $0.weightedPreferences).map(\.when) }
            + catalogue.questions.compactMap(\.showIf)
        #expect(conditions.count > 20)
        var program = ConditionProgram()
        let starts = conditions.map { program.append($0, index) }
        for _ in 0..<300 {
            let answers = randomAnswers(catalogue, &generator)
            let compiledAnswers = CompiledAnswers(answers, index)
            for (c, start) in zip(conditions, starts) {
                #expect(program.evaluate(at: start, compiledAnswers) == c.trace(answers).outcome,
                        "\(c.summary) with \(answers)")
            }
        }
    }
}
