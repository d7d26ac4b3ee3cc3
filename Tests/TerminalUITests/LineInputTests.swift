import Testing
@testable import TerminalUI
#if canImport(Glibc)
import Glibc
#endif

@Suite struct LineInputTests {
    /// Writes `chunks` into a pipe and reads every line back, `chunkSize` bytes per read.
    func lines(_ chunks: [String], chunkSize: Int = 4096) -> [String] {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        for chunk in chunks {
            var c = chunk
            c.withUTF8 { _ = write(fds[1], $0.baseAddress, $0.count) }
        }
        close(fds[1])
        defer { close(fds[0]) }
        let input = LineInput(fd: fds[0], chunkSize: chunkSize, interrupted: { false })
        var result: [String] = []
        while let line = input.next() { result.append(line) }
        return result
    }

    @Test func linesEndOnNewlineOrCRLFAndTheLastMayLackOne() {
        #expect(lines(["1\n", "hbo\r\n", "\n", "Zoë Verhoeven"]) == ["1", "hbo", "", "Zoë Verhoeven"])
    }

    @Test func aCharacterSplitOverTwoReadsStaysWhole() {
        // Reads of 3 bytes: "Zo" and the first byte of "ë", then the rest.
        #expect(lines(["Zoë\nè\n"], chunkSize: 3) == ["Zoë", "è"])
    }

    @Test func emptyInputEndsAtOnce() {
        #expect(lines([]) == [])
    }
}
