#!/bin/sh
# The terminal front benchmark on the executable that is installed: `make dist` builds
# dist/routewijzer (scripts/build-dist), and bench/tui.py measures exactly that file, round by
# round against `dialog --menu` and `whiptail --menu` (apt-get install dialog whiptail).
set -eu
cd "$(dirname "$0")/.."
for p in dialog whiptail; do
    command -v "$p" >/dev/null || { echo "$p is not installed (apt-get install dialog whiptail)" >&2; exit 1; }
done
make dist >&2
python3 bench/tui.py --binary dist/routewijzer "$@"
