#!/usr/bin/env bash
# A few real photos for the single-image demos (the convolution notebook), from a Debian package.
#
#   bash datasets/photos.sh
#
# Result: $FASTAI_DATA/photos/ (FASTAI_DATA defaults to <project>/data) with
#   chelsea.png    451x300 colour, a cat        (CC0, photo by Stefan van der Walt)
#   coffee.png     600x400 colour, a coffee cup (CC0, photo by Rachel Michetti)
#   camera.png     512x512 grey, a cameraman    (CC0, photo by Lav Varshney)
#   astronaut.png  512x512 colour, Eileen Collins (NASA, public domain)
# and a README.txt saying where they came from.
#
# They are the sample images scikit-image ships; Debian's python3-skimage package carries them in
# /usr/lib/python3/dist-packages/skimage/data/. We do not install that package (it pulls in
# SciPy, Matplotlib, ...): `apt-get download` fetches the .deb as any user, `dpkg -x` unpacks it
# into a temporary folder, and only the photos are kept. Each file's SHA-256 is checked, then
# each is decoded with Java's ImageIO to be sure it is a readable image.
# Idempotent: does nothing when every photo is already there with the right checksum. Atomic: the
# photos go into a temporary folder that is renamed into place only when all of them passed.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${FASTAI_DATA:-${FASTAI_HOME:-$ROOT}/data}"
OUT="$DATA/photos"
PKG=python3-skimage
SRC=usr/lib/python3/dist-packages/skimage/data

# name  sha256 (the same in python3-skimage 0.19.3-8, Debian 12)
PHOTOS="
chelsea.png   596aa1e7cb875eb79f437e310381d26b338a81c2da23439704a73c4651e8c4bb
coffee.png    cc02f8ca188b167c775a7101b5d767d1e71792cf762c33d6fa15a4599b5a8de7
camera.png    b0793d2adda0fa6ae899c03989482bff9a42d3d5690fc7e3648f2795d730c23a
astronaut.png 88431cd9653ccd539741b555fb0a46b61558b301d4110412b5bc28b5e3ea6cb5
"

say() { printf '[photos] %s\n' "$*" >&2; }
die() { printf '[photos] error: %s\n' "$*" >&2; exit 1; }

# Prints the names whose file in $1 is missing or has another checksum.
bad_photos() {
  echo "$PHOTOS" | while read -r name sum; do
    [ -n "$name" ] || continue
    [ -f "$1/$name" ] && [ "$(sha256sum "$1/$name" | cut -d' ' -f1)" = "$sum" ] || echo "$name"
  done
}

if [ -d "$OUT" ] && [ -z "$(bad_photos "$OUT")" ]; then
  say "already there: $OUT"
  exit 0
fi

command -v apt-get >/dev/null && command -v dpkg >/dev/null ||
  die "apt-get and dpkg are needed (Debian or Ubuntu); or copy chelsea.png, coffee.png, camera.png, astronaut.png from scikit-image's data folder into $OUT"
command -v java >/dev/null || die "java not found: it is needed to check that the photos decode"

mkdir -p "$DATA"
work="$(mktemp -d "$DATA/.photos.XXXXXX")"
trap 'rm -rf "$work"' EXIT

say "downloading the Debian package $PKG (apt-get download, ~21 MB; nothing is installed)"
# apt-get download works as any user; as root it warns that the _apt user cannot write here.
(cd "$work" && apt-get download "$PKG" >"$work/apt.log" 2>&1) || {
  cat "$work/apt.log" >&2
  die "apt-get download $PKG failed: is the Debian mirror reachable, and are the package lists there (sudo apt-get update)?"
}
deb="$(ls "$work"/*.deb 2>/dev/null | head -1)"
[ -n "$deb" ] || die "apt-get download $PKG produced no .deb"
dpkg -x "$deb" "$work/x" || die "dpkg -x could not unpack $deb"

mkdir -p "$work/photos"
echo "$PHOTOS" | while read -r name sum; do
  [ -n "$name" ] || continue
  [ -f "$work/x/$SRC/$name" ] || die "$(basename "$deb") has no $SRC/$name"
  cp "$work/x/$SRC/$name" "$work/photos/$name"
done
bad="$(bad_photos "$work/photos")"
[ -z "$bad" ] || die "checksum mismatch for $(echo $bad) from $(basename "$deb"): expected the files of python3-skimage 0.19.3-8"

# Decode each photo with ImageIO (the JDK's single-file source launcher; no build needed).
cat >"$work/Decode.java" <<'EOF'
public class Decode {
    public static void main(String[] args) throws Exception {
        for (String f : args) {
            java.awt.image.BufferedImage img = javax.imageio.ImageIO.read(new java.io.File(f));
            if (img == null || img.getWidth() < 1) { System.err.println("cannot decode " + f); System.exit(1); }
            System.out.println(new java.io.File(f).getName() + " " + img.getWidth() + "x" + img.getHeight());
        }
    }
}
EOF
sizes="$(java -Djava.awt.headless=true "$work/Decode.java" "$work"/photos/*.png)" || die "a photo did not decode (see above)"

cat >"$work/photos/README.txt" <<EOF
photos: a few real photos for single-image demos
================================================

$(echo "$sizes" | sed 's/^/  /')

The sample images of scikit-image (https://scikit-image.org), taken from the Debian package
$(basename "$deb") ($SRC/); SHA-256 checked, decoded with ImageIO.
  chelsea.png    a cat; CC0, photo by Stefan van der Walt
  coffee.png     a cup of coffee; CC0, photo by Rachel Michetti
  camera.png     a cameraman; CC0, photo by Lav Varshney
  astronaut.png  astronaut Eileen Collins; NASA, public domain
Made by datasets/photos.sh.
EOF

rm -rf "$OUT.old"
[ -d "$OUT" ] && mv "$OUT" "$OUT.old"
mv "$work/photos" "$OUT"
rm -rf "$OUT.old"
say "wrote $OUT: $(echo "$sizes" | tr '\n' ' ')"
