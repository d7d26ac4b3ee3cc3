#if canImport(Glibc)
import Glibc
#endif

/// A fresh directory under /tmp for one test, removed with everything in it by `remove()`.
public struct TempDir: Sendable {
    public let path: String

    public init(_ label: String = "rw") {
        var template = Array("/tmp/\(label)-XXXXXX".utf8CString)
        let p = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: p!)
    }

    public func file(_ name: String) -> String { path + "/" + name }

    public func remove() { Self.removeTree(path) }

    static func removeTree(_ path: String) {
        var st = stat()
        guard lstat(path, &st) == 0 else { return }
        if st.st_mode & S_IFMT == S_IFDIR, let dir = opendir(path) {
            var names: [String] = []
            while let entry = readdir(dir) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix(while: { $0 != 0 }), as: UTF8.self) }
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(dir)
            for n in names { removeTree(path + "/" + n) }
            rmdir(path)
        } else {
            unlink(path)
        }
    }
}
