#!/usr/bin/env python3
"""Terminal front benchmark: routewijzer against `dialog --menu` and `whiptail --menu`, same ten
options, same pty, the three programs started in turn within each round (so a busy moment of the
machine falls on all three).

For each program, in an 80x24 pseudo-terminal with TERM=xterm-256color and LANG=C.UTF-8:
  * time until the first screen is readable: from fork to the moment the bottom line of the
    first screen has been written (routewijzer: its key bar; dialog and whiptail: <Cancel>);
  * bytes written at start: everything written until the output is quiet for 300 ms;
  * bytes per arrow key: nine Down keys on the ten-option list, each read until quiet;
  * peak RSS: VmHWM of the process after the arrow keys.
And for routewijzer a whole session on the bundled routes.json: every question answered, the
results, the QR page, the closing screen (the session saved); its peak RSS (VmHWM) at the end.
Medians over --runs rounds (default 15). Usage:
  python3 bench/tui.py [--binary PATH] [--runs N] [--markdown]
`bash bench/tui.sh` builds the installed executable (`make dist`: dist/routewijzer) and runs this.
"""
import argparse, fcntl, json, os, pty, select, signal, statistics, struct, sys, tempfile, termios, time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
LABELS = [f"Optie {i}" for i in range(1, 11)]
DOWN = b"\x1bOB"  # keypad-transmit mode Down, as xterm sends it after smkx


def bench_catalogue(path):
    with open(os.path.join(ROOT, "Tests/QuestionnaireTests/Fixtures/catalogue.json"), encoding="utf-8") as f:
        cat = json.load(f)
    q = cat["questions"][0]
    q["options"] = [{"id": f"o{i}", "label": {"nl": l, "en": l}} for i, l in enumerate(LABELS, 1)]
    # Keep the routes valid: their conditions name options of this question.
    for r in cat["routes"]:
        for c in r["requirements"]:
            if c["when"].get("question") == "education":
                c["when"] = {"question": "education", "op": "in", "values": ["o1", "o2"]}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(cat, f, ensure_ascii=False)


class Pty:
    def __init__(self, argv, env):
        self.t0 = time.perf_counter()
        pid, fd = pty.fork()
        if pid == 0:
            fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
            os.execvpe(argv[0], argv, env)
        self.pid, self.fd = pid, fd
        self.data = bytearray()

    def read_until(self, marker, timeout=10.0):
        deadline = time.perf_counter() + timeout
        while marker not in self.data:
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{marker!r} not seen; got {bytes(self.data[-400:])!r}")
            r, _, _ = select.select([self.fd], [], [], left)
            if r:
                try:
                    chunk = os.read(self.fd, 65536)
                except OSError:
                    break
                self.data += chunk
        return time.perf_counter()

    def read_quiet(self, quiet=0.3):
        """Reads until nothing arrives for `quiet` seconds; returns the bytes read."""
        got = bytearray()
        while True:
            r, _, _ = select.select([self.fd], [], [], quiet)
            if not r:
                return got
            try:
                chunk = os.read(self.fd, 65536)
            except OSError:
                return got
            got += chunk
            self.data += chunk

    def send(self, b):
        os.write(self.fd, b)

    def rss_kb(self):
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
        return 0

    def close(self):
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(self.pid, 0)
        os.close(self.fd)


def measure(argv, env, first_marker, prepare=None):
    p = Pty(argv, env)
    try:
        t_first = p.read_until(first_marker) - p.t0
        start_bytes = len(p.data) + len(p.read_quiet())
        if prepare:
            prepare(p)
        per_key = []
        for _ in range(9):
            p.send(DOWN)
            per_key.append(len(p.read_quiet(0.15)))
        rss = p.rss_kb()
        return t_first, start_bytes, statistics.mean(per_key), rss
    finally:
        p.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "dist/routewijzer"))
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--markdown", action="store_true")
    args = ap.parse_args()

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "ESCDELAY", "SWIFT_BACKTRACE")}
    env.update(TERM="xterm-256color", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    tmp = tempfile.mkdtemp(prefix="rw-bench-")
    cat = os.path.join(tmp, "catalogue.json")
    bench_catalogue(cat)
    env["ROUTEWIJZER_DATA_DIR"] = os.path.join(tmp, "data")

    def menu(program):
        argv = [program, "--menu", "Kies een optie", "20", "60", "10"]
        for i, l in enumerate(LABELS, 1):
            argv += [str(i), l]
        return argv
    routewijzer = [args.binary, "--catalogue", cat]

    def to_list(p):
        # From the welcome screen to the ten-option question.
        p.send(b"\r")
        p.read_until(b"Optie 10")
        p.read_quiet(0.2)

    programs = [
        ("dialog --menu", menu("dialog"), b"Cancel", None),
        ("whiptail --menu", menu("whiptail"), b"Cancel", None),
        ("routewijzer", routewijzer, b"q stop", to_list),
    ]
    runs = {name: [] for name, _, _, _ in programs}
    sessions = []
    for _ in range(args.runs):
        for name, argv, marker, prep in programs:
            runs[name].append(measure(argv, env, marker, prep))
        sessions.append(whole_session(args.binary, env, tmp))
    results = {}
    for name, _, _, _ in programs:
        r = runs[name]
        results[name] = {
            "first_ms": statistics.median(x[0] for x in r) * 1000,
            "start_bytes": statistics.median(x[1] for x in r),
            "per_key": statistics.median(x[2] for x in r),
            "rss_mb": statistics.median(x[3] for x in r) / 1024,
        }
    d, w, r = results["dialog --menu"], results["whiptail --menu"], results["routewijzer"]
    session_mb = statistics.median(sessions) / 1024
    rows = [
        ("first screen readable", f"{d['first_ms']:.1f} ms", f"{w['first_ms']:.1f} ms", f"{r['first_ms']:.1f} ms",
         f"{r['first_ms'] / d['first_ms']:.2f}x dialog (target <= 1.5x)"),
        ("bytes at start", f"{d['start_bytes']:.0f}", f"{w['start_bytes']:.0f}", f"{r['start_bytes']:.0f}",
         f"{r['start_bytes'] / d['start_bytes']:.2f}x dialog"),
        ("bytes per arrow key", f"{d['per_key']:.0f}", f"{w['per_key']:.0f}", f"{r['per_key']:.0f}",
         f"{r['per_key'] / w['per_key']:.2f}x whiptail (target <= 1x)"),
        ("peak RSS, ten-option list", f"{d['rss_mb']:.1f} MB", f"{w['rss_mb']:.1f} MB", f"{r['rss_mb']:.1f} MB", ""),
        ("peak RSS, whole session (routes.json, QR, save)", "", "", f"{session_mb:.1f} MB", "target <= 12 MB"),
    ]
    if args.markdown:
        print("| measure | dialog --menu | whiptail --menu | routewijzer | ratio |")
        print("|---|---|---|---|---|")
        for row in rows:
            print("| " + " | ".join(row) + " |")
    else:
        for row in rows:
            print(f"{row[0]:48} {row[1]:>10} {row[2]:>10} {row[3]:>10}   {row[4]}")


def whole_session(binary, env, tmp):
    """A visitor's whole session on the bundled catalogue: every question answered ("2", then
    "0" which picks nothing, then Tab: option 2, or yes/no's "no", or the number 20), the
    results, the QR page, the contact step declined, the closing screen. Peak RSS in KB."""
    data = tempfile.mkdtemp(prefix="session-", dir=tmp)
    session_env = dict(env, ROUTEWIJZER_DATA_DIR=data)
    p = Pty([binary, "--catalogue", os.path.join(ROOT, "routes.json")], session_env)
    try:
        p.read_until(b"q stop")
        p.send(b"\r")
        for _ in range(40):
            if b"Controleer je antwoorden" in p.data[-4000:] or b"Jouw antwoorden" in p.data[-4000:]:
                break
            p.send(b"2")
            p.send(b"0")
            p.send(b"\t")
            p.read_quiet(0.15)
        p.send(b"\t")
        p.read_until(b"Jouw routes")
        p.read_quiet(0.2)
        p.send(b"m")
        p.read_quiet(0.3)
        p.send(b" ")
        p.read_quiet(0.2)
        p.send(b"\t")
        p.read_quiet(0.2)
        p.send(b"2")
        p.send(b"\r")
        p.read_until(b"Opgeslagen")
        p.read_quiet(0.2)
        rss = p.rss_kb()
        if not any(os.scandir(data)):
            raise RuntimeError("the whole session saved nothing")
        return rss
    finally:
        p.close()


if __name__ == "__main__":
    main()
