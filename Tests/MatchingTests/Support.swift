import Foundation
@testable import RouteCatalog

let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()

func loadFixture(_ name: String) throws -> LoadedCatalogue {
    try CatalogueLoader.load(path: packageRoot.appendingPathComponent("Tests/Fixtures/catalogues/\(name)").path)
}

func loadBundled() throws -> LoadedCatalogue {
    try CatalogueLoader.load(path: packageRoot.appendingPathComponent("routes.json").path)
}

/// Builds a condition from its JSON form, as a catalogue editor writes it.
func condition(_ json: String) throws -> Condition {
    try JSONDecoder().decode(Condition.self, from: Data(json.utf8))
}
