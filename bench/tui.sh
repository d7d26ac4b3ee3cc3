#!/bin/sh
# Builds routewijzer for release as a fully static executable, then runs the terminal front
# benchmark against `dialog --menu` (apt-get install dialog).
#
# Debian's libqrencode-dev ships only a shared library, which a static executable cannot use, so
# the script builds a static libqrencode from Debian's own source of the installed version
# (downloaded from deb.debian.org once, its SHA-256 checked against the source package's .dsc)
# into .build-tui/qrencode. The program is otherwise the one `make run` builds.
set -eu
cd "$(dirname "$0")/.."
command -v dialog >/dev/null || { echo "dialog is not installed (apt-get install dialog)" >&2; exit 1; }

qr=.build-tui/qrencode
if [ ! -f "$qr/libqrencode.a" ]; then
    version=$(dpkg-query -W -f='${Version}' libqrencode4)
    upstream=${version%-*}
    pool=http://deb.debian.org/debian/pool/main/q/qrencode
    mkdir -p "$qr/src"
    curl -fsS -o "$qr/qrencode.dsc" "$pool/qrencode_$version.dsc"
    curl -fsS -o "$qr/qrencode.orig.tar.bz2" "$pool/qrencode_$upstream.orig.tar.bz2"
    expected=$(awk '/^Checksums-Sha256:/ { s = 1; next } s && /orig\.tar/ { print $1; exit }' "$qr/qrencode.dsc")
    echo "$expected  $qr/qrencode.orig.tar.bz2" | sha256sum -c --quiet
    tar -xjf "$qr/qrencode.orig.tar.bz2" -C "$qr/src" --strip-components 1
    major=${upstream%%.*}; rest=${upstream#*.}; minor=${rest%%.*}; micro=${rest#*.}
    for f in bitstream mask mmask mqrspec qrencode qrinput qrspec rsecc split; do
        cc -O2 -DSTATIC_IN_RELEASE=static -DHAVE_LIBPTHREAD=1 -DHAVE_STRDUP=1 \
           -DMAJOR_VERSION="$major" -DMINOR_VERSION="$minor" -DMICRO_VERSION="$micro" \
           -DVERSION="\"$upstream\"" -c "$qr/src/$f.c" -o "$qr/$f.o"
    done
    ar rcs "$qr/libqrencode.a" "$qr"/*.o
fi

# A fully static executable: no dynamic loader work and no shared-library pages at start.
swift build -c release --scratch-path .build-tui -Xswiftc -static-executable \
    -Xlinker -ltinfo -Xlinker -L"$PWD/$qr" --product routewijzer >&2
python3 bench/tui.py --binary .build-tui/release/routewijzer "$@"
