#if canImport(Glibc)
import Glibc
#endif
import SystemIO

/// Reads a file line by line in fixed-size chunks with read(2); memory use does not grow with the
/// file (only with the longest line).
struct LineReader {
    let fs: any FileSystemCalls
    var chunkSize = 1 << 20

    /// The bytes after the last `\n`, if any: an unfinished last line.
    struct Tail { var offset: Int64; var length: Int; var lineNumber: Int }

    /// Calls `body` for every complete line (without its `\n`), with its 1-based line number and
    /// the byte offset where it starts. Returns the unfinished tail, if the file does not end in `\n`.
    func forEachLine(
        path: String,
        _ body: (UnsafeRawBufferPointer, Int, Int64) throws -> Void
    ) throws -> Tail? {
        let fd = fs.open(path, O_RDONLY | O_CLOEXEC, 0)
        if fd < 0 { throw SessionLogError.from(errno: errno, path: path) }
        defer { _ = fs.close(fd) }
        var capacity = chunkSize
        var buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        defer { buffer.deallocate() }
        var filled = 0              // bytes valid in buffer
        var bufferOffset: Int64 = 0 // file offset of buffer[0]
        var lineNumber = 0
        while true {
            if filled == capacity {
                // One line longer than the buffer: grow.
                let bigger = UnsafeMutableRawPointer.allocate(byteCount: capacity * 2, alignment: 16)
                bigger.copyMemory(from: buffer, byteCount: filled)
                buffer.deallocate()
                buffer = bigger
                capacity *= 2
            }
            let n = fs.read(fd, buffer + filled, capacity - filled)
            if n < 0 {
                if errno == EINTR { continue }
                throw SessionLogError.from(errno: errno, path: path)
            }
            if n == 0 { break }
            let scanFrom = filled
            filled += n
            var lineStart = 0
            var p = scanFrom
            while p < filled, let hit = memchr(buffer + p, 0x0A, filled - p) {
                let nl = buffer.distance(to: hit)
                lineNumber += 1
                try body(UnsafeRawBufferPointer(start: buffer + lineStart, count: nl - lineStart),
                         lineNumber, bufferOffset + Int64(lineStart))
                lineStart = nl + 1
                p = lineStart
            }
            if lineStart > 0 {
                let rest = filled - lineStart
                if rest > 0 { memmove(buffer, buffer + lineStart, rest) }
                filled = rest
                bufferOffset += Int64(lineStart)
            }
        }
        if filled > 0 {
            return Tail(offset: bufferOffset, length: filled, lineNumber: lineNumber + 1)
        }
        return nil
    }
}

/// Expands the inputs given on the command line: files are taken as they are; directories are
/// searched (recursively) for `sessions*.jsonl`, so a folder with one sub-folder per kiosk works.
/// A `sessions*.jsonl` in a directory that is a symbolic link (or not a regular file) is an error,
/// not skipped: give the file it points to by name to read it.
public enum LogInputs {
    public static func expand(_ inputs: [String], fs: any FileSystemCalls = SystemFileSystem()) throws(SessionLogError) -> [String] {
        var files: [String] = []
        for input in inputs {
            var st = stat()
            guard fs.stat(input, &st) == 0 else { throw SessionLogError.from(errno: errno, path: input) }
            if st.st_mode & S_IFMT == S_IFDIR {
                files += try scan(directory: input, fs: fs)
            } else {
                files.append(input)
            }
        }
        var seen = Set<String>()
        return files.filter { seen.insert($0).inserted }
    }

    static func scan(directory: String, fs: any FileSystemCalls) throws(SessionLogError) -> [String] {
        guard let entries = fs.directoryEntries(directory) else { throw SessionLogError.from(errno: errno, path: directory) }
        var names: [(String, Bool)] = []
        for name in entries {
            let full = directory.hasSuffix("/") ? directory + name : directory + "/" + name
            var st = stat()
            guard fs.lstat(full, &st) == 0 else { continue }
            let isDir = st.st_mode & S_IFMT == S_IFDIR
            let isLog = name.hasPrefix("sessions") && name.hasSuffix(".jsonl")
            if isLog && st.st_mode & S_IFMT == S_IFLNK {
                // Never skipped silently: a log that is a link is refused, and the message says
                // how to read it anyway (name the file it points to).
                throw SessionLogError(.symlinkRefused, path: full)
            }
            if isLog && !isDir && st.st_mode & S_IFMT != S_IFREG { throw SessionLogError(.notARegularFile, path: full) }
            if isDir || isLog {
                names.append((full, isDir))
            }
        }
        var out: [String] = []
        for (full, isDir) in names.sorted(by: { $0.0 < $1.0 }) {
            if isDir { out += try scan(directory: full, fs: fs) } else { out.append(full) }
        }
        return out
    }
}
