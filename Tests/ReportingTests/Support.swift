import Foundation
import Glibc
import RouteCatalog
import SessionLog
import TestSupport

/// The repository's root (for routes.json and the goldens).
let repositoryRoot: String = {
    var url = URL(fileURLWithPath: #filePath)
    for _ in 0..<3 { url.deleteLastPathComponent() }
    return url.path
}()

func bundledCatalogue() throws -> Catalogue {
    try CatalogueLoader.load(path: repositoryRoot + "/routes.json").catalogue
}
