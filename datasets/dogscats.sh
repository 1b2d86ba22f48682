#!/usr/bin/env bash
# Organizes the real Kaggle dogs-vs-cats download into data/dogscats (train/valid/test/sample), as
# the course does in lesson 2. Usage:
#   datasets/dogscats.sh PATH_TO_DOWNLOAD [--to DIR] [--valid 2000] [--sample-train 200] [--sample-valid 50] [--seed 2017]
#   the CNN article's organize_datasets(n, ratio): add --n 4000 --ratio 0.2 (n random images, that share for valid/)
#   --skip-bad: leave out images that do not decode cleanly (listed in skipped.txt) instead of stopping
# Options are recorded with the folder; other options on an existing folder are refused (delete it or use --to).
# PATH_TO_DOWNLOAD: dogs-vs-cats.zip as Kaggle hands it out, or a folder with train.zip and test1.zip,
# or with them extracted (train/cat.0.jpg ..., test1/1.jpg ...). Needs `mvn -B -q compile` first.
set -euo pipefail
# file names are decoded with the locale's charset: use a UTF-8 one when there is none (LANG unset)
case "$(locale charmap 2>/dev/null)" in UTF-8|utf8) ;; *) export LC_ALL=C.UTF-8 ;; esac
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ -f "$ROOT/target/classpath.txt" ] ||
  { echo "error: the project is not compiled: run 'mvn -B -q compile' in $ROOT first" >&2; exit 1; }
exec java -Djava.awt.headless=true -cp "$ROOT/target/classes:$(cat "$ROOT/target/classpath.txt")" \
  fastai.datasets.KaggleDogsCats "$@"
