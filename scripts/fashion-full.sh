#!/usr/bin/env bash
# Trains samples/fashion-mlp.mlab's MLP on the full Fashion-MNIST (60,000 training images, the
# 10,000 test images) from Debian's dataset-fashion-mnist, one epoch on the CPU, from the CLI.
# The experiment is written into a scratch folder inside the repository (data paths must stay
# inside the workspace) with the /usr/share files linked beside it. Exits non-zero when the test
# accuracy is below MIN_ACC (default 0.80). Usage: scripts/fashion-full.sh [EPOCHS]
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SRC="${FASHION_MNIST_DIR:-/usr/share/datasets/fashion-mnist}"
EPOCHS="${1:-1}"
DEVICE="${DEVICE:-cpu}" # DEVICE=auto or webgpu to train on a GPU
MIN_ACC="${MIN_ACC:-0.80}"
if [ ! -f "$SRC/train-images-idx3-ubyte.gz" ]; then
  echo "!! fashion-full SKIPPED: $SRC has no Fashion-MNIST; install it with: apt-get install dataset-fashion-mnist" >&2
  [ "${CI:-}" = true ] && exit 1 # CI must run it
  exit 0
fi
WORK="$ROOT/.modellab/fashion-full"
rm -rf "$WORK" && mkdir -p "$WORK/data"
for f in train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz; do
  cp "$SRC/$f" "$WORK/data/$f" # a copy, not a link: the loader checks paths lexically, a link would hide where data lives
done
# The sample's model and train block, with the full files as sources.
sed -e 's#data/fashion-mnist/#data/#g' "$ROOT/samples/fashion-mlp.mlab" > "$WORK/fashion-full.mlab"
CLI=(node "$ROOT/dist/cli.js")
[ -f "$ROOT/dist/cli.js" ] || CLI=(npx --prefix "$ROOT" tsx "$ROOT/src/cli/main.ts")
/usr/bin/time -v "${CLI[@]}" train "$WORK/fashion-full.mlab" --device "$DEVICE" --epochs "$EPOCHS" --out "$WORK/run" 2> "$WORK/time.txt" | tee "$WORK/train.log"
grep -E 'Maximum resident|Elapsed' "$WORK/time.txt" || true
node -e '
  const fs = require("fs");
  const end = JSON.parse(fs.readFileSync(process.argv[1], "utf8").trim().split("\n").at(-1));
  const acc = end.final && end.final.test_accuracy;
  console.log(`fashion-full: status ${end.status}, test_accuracy ${acc}`);
  process.exit(end.status === "completed" && acc >= Number(process.argv[2]) ? 0 : 1);
' "$WORK/run/record.jsonl" "$MIN_ACC"
