#!/bin/sh
# Installs the Jupyter kernel "fastai-java" ("Java (fast.ai course)") for this checkout.
# Idempotent: run it again after pulling; it changes only what changed. Needs Java 17+ and Maven
# (dependencies come from Maven Central). Arguments go to fastai.kernel.Install:
#   --dir DATA_DIR   install into DATA_DIR/kernels/fastai-java (default: your Jupyter data folder)
#   --no-cds         skip the class-data-sharing archives (a slower start)
set -e
cd "$(dirname "$0")/.."
mvn -B -q compile
exec java -cp "target/classes:$(cat target/classpath.txt)" fastai.kernel.Install "$@"
