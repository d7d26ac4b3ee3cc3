import Testing
import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

/// Golden files: the rendered grid as text, committed under `Goldens/`. They are rewritten only
/// when `UPDATE_GOLDENS=1` is set; otherwise a difference fails with a line-by-line diff.
enum Golden {
    static let directory: String = {
        var path = #filePath
        while let last = path.last, last != "/" { path.removeLast() }
        return path + "Goldens/"
    }()

    static func text(of grid: Grid) -> String {
        var lines: [String] = []
        for row in 0..<grid.height {
            var line = grid.line(row)
            while line.last == " " { line.removeLast() }
            lines.append(line)
        }
        let border = "+" + String(repeating: "-", count: grid.width) + "+"
        return "\(grid.width)x\(grid.height)\n" + border + "\n" + lines.joined(separator: "\n") + "\n" + border + "\n"
    }

    static func read(_ path: String) -> String? {
        guard let f = fopen(path, "rb") else { return nil }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    static func write(_ path: String, _ text: String) {
        guard let f = fopen(path, "wb") else { return }
        let bytes = Array(text.utf8)
        _ = fwrite(bytes, 1, bytes.count, f)
        fclose(f)
    }

    static func check(_ grid: Grid, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        checkText(text(of: grid), name, sourceLocation: sourceLocation)
    }

    /// A golden of any text (a plain-mode transcript), compared the same way.
    static func checkText(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let path = directory + name + ".txt"
        if getenv("UPDATE_GOLDENS").map({ String(cString: $0) }) == "1" {
            write(path, actual)
            return
        }
        guard let expected = read(path) else {
            Issue.record("missing golden \(name).txt; run with UPDATE_GOLDENS=1 to create it:\n\(actual)", sourceLocation: sourceLocation)
            return
        }
        guard expected != actual else { return }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        var diff = "golden \(name).txt differs (UPDATE_GOLDENS=1 rewrites it after a deliberate change):\n"
        for i in 0..<max(e.count, a.count) {
            let el = i < e.count ? String(e[i]) : "<none>"
            let al = i < a.count ? String(a[i]) : "<none>"
            if el == al { diff += "  \(el)\n" } else { diff += "- \(el)\n+ \(al)\n" }
        }
        Issue.record(Comment(rawValue: diff), sourceLocation: sourceLocation)
    }
}
