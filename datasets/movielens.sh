#!/usr/bin/env bash
# MovieLens small (GroupLens's ml-latest-small as of 2016, the course's lesson 4 data) from a Debian package.
#
#   bash datasets/movielens.sh
#
# Result: $FASTAI_DATA/movielens/ (FASTAI_DATA defaults to <project>/data) with ratings.csv
# (userId,movieId,rating,timestamp: 100,004 ratings, 671 users) and movies.csv (movieId,title,genres:
# the 9,066 rated movies) in GroupLens's layout, SHA256SUMS, README.txt and the .complete marker.
#
# The data ships as the `movielens` data frame of the R package dslabs, Debian's r-cran-dslabs. We
# neither install it nor need R: `apt-get download` fetches the .deb as any user, `dpkg -x` unpacks
# it into a temporary folder, and fastai.datasets.MovieLensFromR reads R's lazy-load database
# (data/Rdata.rdx + .rdb) in Java, checks the counts and the files' SHA-256, and renames the
# finished folder into place (.complete written last).
# Idempotent: does nothing when the folder is complete and its files match SHA256SUMS.
# Needs the project compiled first (target/classes and target/classpath.txt).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${FASTAI_DATA:-${FASTAI_HOME:-$ROOT}/data}"
OUT="$DATA/movielens"
PKG=r-cran-dslabs
RDATA=usr/lib/R/site-library/dslabs/data/Rdata

say() { printf '[movielens] %s\n' "$*" >&2; }
die() { printf '[movielens] error: %s\n' "$*" >&2; exit 1; }

if [ -f "$OUT/.complete" ]; then
  if (cd "$OUT" && sha256sum --quiet -c SHA256SUMS >/dev/null 2>&1); then
    say "already there: $OUT"
    exit 0
  fi
  say "$OUT does not match its SHA256SUMS: making it again"
  rm -rf "$OUT.old" && mv "$OUT" "$OUT.old"
fi

command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
  die "apt-get and dpkg are needed (Debian or Ubuntu); or unzip GroupLens's ml-latest-small.zip and point the notebook at it"
[ -f "$ROOT/target/classpath.txt" ] && [ -d "$ROOT/target/classes/fastai/datasets" ] ||
  die "the project is not compiled: run 'mvn -B -q compile' in $ROOT first"

mkdir -p "$DATA"
work="$(mktemp -d "$DATA/.movielens-deb.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say "downloading the Debian package $PKG (apt-get download, ~4.7 MB; nothing is installed)"
(cd "$work" && apt-get download "$PKG" >"$work/apt.log" 2>&1) || {
  cat "$work/apt.log" >&2
  die "apt-get download $PKG failed: is the Debian mirror reachable, and are the package lists there (sudo apt-get update)?"
}
deb="$(ls "$work"/*.deb 2>/dev/null | head -1)"
[ -n "$deb" ] || die "apt-get download $PKG produced no .deb"
dpkg -x "$deb" "$work/x" || die "dpkg -x could not unpack $deb"
[ -f "$work/x/$RDATA.rdb" ] || die "$(basename "$deb") has no $RDATA.rdb"

java -Xmx1g -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")" \
  fastai.datasets.MovieLensFromR --rdata "$work/x/$RDATA" --out "$OUT" || die "making $OUT failed (see above)"
rm -rf "$OUT.old"
