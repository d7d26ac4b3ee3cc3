import Foundation
import RouteCatalog
import Testing

/// Routes are read straight from the fast decoder's nodes (`RouteReading.swift`), a second way to
/// the values the `Decodable` conformances build. These tests hold the two together field by
/// field; `FuzzTests.theFastDecoderAgreesWithJSONDecoder` does so on mutated catalogues.
@Suite struct RouteReadingTests {
    private struct Routes: Decodable, Equatable { let routes: [Route] }

    /// One route with every field set, nested conditions of every shape and every operand kind.
    static let everyField = #"""
    {"id": "r", "name": {"nl": "N", "en": "N"}, "shortName": {"nl": "S", "en": "S"},
     "showIf": {"not": {"question": "q", "op": "answered"}},
     "summary": {"nl": "s", "en": "s"}, "schoolTypes": ["mbo"], "roles": ["docent"],
     "leadsTo": {"nl": "l", "en": "l"}, "nlqf": 6, "durationMonths": {"min": 12, "max": 24},
     "cost": {"text": {"nl": "c", "en": "c"}, "confidence": "medium", "asOf": "2026",
              "whoPays": {"nl": "w", "en": "w"}, "earning": {"nl": "e", "en": "e"}},
     "steps": [{"text": {"nl": "t", "en": "t"}, "showIf": {"question": "b", "op": "equals", "value": true}}],
     "offeredAt": [{"provider": "p", "locations": ["a", "b"], "note": {"nl": "n", "en": "n"}, "url": "https://x.nl/y"}],
     "askInstead": {"nl": "a", "en": "a"},
     "requirements": [
       {"id": "one", "when": {"all": [{"question": "q", "op": "in", "values": ["x", "y"]},
                                      {"question": "n", "op": "between", "min": -3, "max": 40},
                                      {"question": "m", "op": "equals", "value": ["x", "y"]}]},
        "pass": {"nl": "p", "en": "p"}, "fail": {"nl": "f", "en": "f"}, "attainable": true},
       {"id": "two", "when": {"any": [{"question": "n", "op": "gte", "value": 7},
                                      {"question": "m", "op": "containsAny", "values": ["z"]}]},
        "fail": {"nl": "f", "en": "f"}, "attainable": false}],
     "preferences": [{"id": "three", "when": {"question": "q", "op": "notEquals", "value": "x"},
                      "pass": null, "fail": {"nl": "f", "en": "f"}, "attainable": true, "weight": 1.5}],
     "confidence": "high", "verify": {"nl": "v", "en": "v"}, "caveat": {"nl": "c", "en": "c"},
     "sources": [{"url": "https://x.nl/z", "supports": "s", "confidence": "low", "pageDate": "2025-01",
                  "checkedOn": "2026-11-01", "about": ["leadsTo"], "historic": true, "unknownField": [1, {"a": 2}]}],
     "checkedOn": "2026-11-30", "anotherUnknownField": null}
    """#

    private func document(_ routes: String...) -> Data { Data("{\"routes\": [\(routes.joined(separator: ","))]}".utf8) }

    @Test func aRouteWithEveryFieldReadsAsJSONDecoderDecodesIt() throws {
        let data = document(Self.everyField)
        let fast = try FastJSONDecoder().decode(Routes.self, from: data)
        #expect(fast == (try JSONDecoder().decode(Routes.self, from: data)))
        #expect(fast.routes.first?.weightedPreferences.first?.weight == 1.5)
    }

    /// Fails when a type gains a field the route above does not set: add it there (and to the
    /// reader, which the test above then checks).
    @Test func theRouteAboveSetsEveryFieldOfEveryTypeARouteHolds() throws {
        let route = try JSONDecoder().decode(Routes.self, from: document(Self.everyField)).routes[0]
        var fields: Set<String> = [], set: Set<String> = []
        func walk(_ value: Any) {
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                if let inner = mirror.children.first { walk(inner.value) }
                return
            }
            if mirror.displayStyle == .collection {
                for child in mirror.children { walk(child.value) }
                return
            }
            guard mirror.displayStyle == .struct else { return }
            for child in mirror.children {
                guard let label = child.label else { continue }
                let name = "\(type(of: value)).\(label)"
                fields.insert(name)
                let inner = Mirror(reflecting: child.value)
                if inner.displayStyle != .optional || !inner.children.isEmpty { set.insert(name) }
                walk(child.value)
            }
        }
        walk(route)
        #expect(fields.count > 40)
        #expect(fields.subtracting(set).sorted() == [])
    }

    @Test func nullAndAbsentOptionalFieldsAreBothNil() throws {
        var nulls = Self.everyField
        for field in ["shortName", "showIf", "nlqf", "cost", "askInstead", "preferences", "verify", "caveat"] {
            nulls = nulls.replacingOccurrences(of: "\"\(field)\": ", with: "\"\(field)\": null, \"was-\(field)\": ")
        }
        let data = document(nulls)
        let fast = try FastJSONDecoder().decode(Routes.self, from: data)
        #expect(fast == (try JSONDecoder().decode(Routes.self, from: data)))
        #expect(fast.routes[0].cost == nil && fast.routes[0].preferences == nil && fast.routes[0].nlqf == nil)
    }

    /// What the reader does not take, it refuses, and the loader's JSONDecoder then decides: the
    /// result is the same either way.
    @Test(arguments: [
        (#""nlqf": 6"#, #""nlqf": 6.5"#),                      // not an integer: JSONDecoder refuses too
        (#""id": "r""#, #""\u0069d": "r""#),                   // an escaped name: JSONDecoder reads it
        (#""confidence": "high""#, #""confidence": "certain""#), // not a confidence
        (#""attainable": false"#, #""attainable": "no""#),      // not a Bool
        (#""id": "r""#, #""ident": "r""#),                     // a required field missing
        (#""op": "between", "min": -3"#, #""op": "between""#), // an operand missing
        (#""any": ["#, #""question": "q", "any": ["#),          // a leaf and a combinator at once
    ])
    func whatTheReaderDoesNotTakeJSONDecoderDecides(original: String, changed: String) throws {
        #expect(Self.everyField.contains(original))
        let data = document(Self.everyField.replacingOccurrences(of: original, with: changed))
        #expect(throws: (any Error).self) { try FastJSONDecoder().decode(Routes.self, from: data) }
        let slow = try? JSONDecoder().decode(Routes.self, from: data)
        if changed.contains("\\u0069d") { #expect(slow == (try JSONDecoder().decode(Routes.self, from: document(Self.everyField)))) }
        else { #expect(slow == nil) }
    }
}
