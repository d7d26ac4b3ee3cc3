#!/bin/sh
# Builds routewijzer for release with the Swift standard library linked in statically, then
# runs the terminal front benchmark against `dialog --menu` (apt-get install dialog).
set -eu
cd "$(dirname "$0")/.."
command -v dialog >/dev/null || { echo "dialog is not installed (apt-get install dialog)" >&2; exit 1; }
# A fully static executable: no dynamic loader work and no shared-library pages at start.
swift build -c release --scratch-path .build-tui -Xswiftc -static-executable -Xlinker -ltinfo --product routewijzer >&2
python3 bench/tui.py --binary .build-tui/release/routewijzer "$@"
