import Foundation
import Glibc
import SystemIO
import Testing
import TestSupport

/// A file layer whose fsync or rename fails, and which writes in small pieces with EINTR between.
final class FailingReplaceFileSystem: ForwardingFileSystem, @unchecked Sendable {
    let base: any FileSystemCalls = SystemFileSystem()
    var fsyncErrno: Int32?
    var renameErrno: Int32?
    private var writes = 0

    func write(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
        writes += 1
        if writes % 3 == 0 { errno = EINTR; return -1 }
        return base.write(fd, buffer, min(count, 7))
    }

    func fsync(_ fd: Int32) -> Int32 {
        if let e = fsyncErrno { errno = e; return -1 }
        return base.fsync(fd)
    }

    func rename(_ from: String, _ to: String) -> Int32 {
        if let e = renameErrno { errno = e; return -1 }
        return base.rename(from, to)
    }
}

/// `AtomicFile.replace`, the one way small files (the kiosk's settings, sync's mark) are
/// replaced: whole or not at all, never through a link, no temporary file left behind.
@Suite struct AtomicFileTests {
    func contents(_ path: String) -> String? { try? String(contentsOfFile: path, encoding: .utf8) }
    func leftovers(_ dir: TempDir) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []).filter { $0.contains(".tmp-") }
    }

    @Test func replacesWholeWithTheModeGivenThroughShortWritesAndEINTR() throws {
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("settings.json")
        let fs = FailingReplaceFileSystem()
        try AtomicFile.replace(path, with: Array("first version, longer than one write\n".utf8), mode: 0o600, fs: fs)
        try AtomicFile.replace(path, with: Array("second\n".utf8), mode: 0o600, fs: fs)
        #expect(contents(path) == "second\n")
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) == 0o600)
        #expect(leftovers(dir).isEmpty)
    }

    @Test(arguments: [(EIO, "fsync"), (EXDEV, "rename")])
    func aFailureLeavesTheOldFileAndNoTemporaryOne(errno e: Int32, call: String) throws {
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("mark.json")
        try AtomicFile.replace(path, with: Array("old\n".utf8), mode: 0o600)
        let fs = FailingReplaceFileSystem()
        if call == "fsync" { fs.fsyncErrno = e } else { fs.renameErrno = e }
        do {
            try AtomicFile.replace(path, with: Array("new\n".utf8), mode: 0o600, fs: fs)
            Issue.record("a failing \(call) was not reported")
        } catch {
            #expect(error.errno == e)
            #expect(error.path.hasPrefix(dir.path))
        }
        #expect(contents(path) == "old\n")
        #expect(leftovers(dir).isEmpty)
    }

    /// The temporary name cannot be guessed (a random part beside the pid), and whatever is
    /// already at a name is never opened (O_EXCL, O_NOFOLLOW): a link planted at the old
    /// predictable name is not followed and the file it points to is untouched.
    @Test func aLinkAtAGuessedTemporaryNameIsNotFollowed() throws {
        let dir = TempDir(); defer { dir.remove() }
        let victim = dir.file("victim")
        FileManager.default.createFile(atPath: victim, contents: Data("keep\n".utf8))
        let path = dir.file("kiosk.json")
        let planted = ".kiosk.json.tmp-\(getpid())"
        #expect(symlink(victim, dir.file(planted)) == 0)
        try AtomicFile.replace(path, with: Array("{}\n".utf8), mode: 0o600)
        #expect(contents(victim) == "keep\n")
        #expect(contents(path) == "{}\n")
        #expect(leftovers(dir) == [planted], "only the planted link is left; the temporary file is gone")
    }

    /// A name that is taken is never reused: the writer tries another, and gives up with EEXIST
    /// after eight, the old file as it was.
    @Test(arguments: [3, 8])
    func aTakenTemporaryNameIsSkipped(taken: Int) throws {
        final class Taken: ForwardingFileSystem, @unchecked Sendable {
            let base: any FileSystemCalls = SystemFileSystem()
            var left: Int
            var tried: [String] = []
            init(_ n: Int) { left = n }
            func open(_ path: String, _ flags: Int32, _ mode: mode_t) -> Int32 {
                if flags & O_EXCL != 0 {
                    tried.append(path)
                    if left > 0 { left -= 1; errno = EEXIST; return -1 }
                }
                return base.open(path, flags, mode)
            }
        }
        let dir = TempDir(); defer { dir.remove() }
        let path = dir.file("kiosk.json")
        FileManager.default.createFile(atPath: path, contents: Data("old\n".utf8))
        let fs = Taken(taken)
        do {
            try AtomicFile.replace(path, with: Array("new\n".utf8), mode: 0o600, fs: fs)
            #expect(taken < 8)
            #expect(contents(path) == "new\n")
        } catch {
            #expect(taken == 8)
            #expect(error.errno == EEXIST)
            #expect(contents(path) == "old\n")
        }
        #expect(Set(fs.tried).count == fs.tried.count, "every try a new name")
        #expect(leftovers(dir).isEmpty)
    }
}
