#!/usr/bin/env bash
# examples/digits/run.sh: the README's main job. Trains a small DenseNet on
# scikit-learn's digits (reused if already trained), compiles the exported
# ONNX model with densenetc, runs the executable on the held-out images and
# prints its accuracy next to PyTorch's; they must agree image for image.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
work="$root/build/digits"
mkdir -p "$work"

if [ ! -f "$work/digits.onnx" ]; then
  /usr/bin/python3 "$root/examples/digits/train_digits.py" --out-dir "$work"
fi
count=$(/usr/bin/python3 -c "import numpy; print(len(numpy.load('$work/test_images.npy')))")
"$root/build/bin/densenetc" "$work/digits.onnx" --batch "$count" -o "$work/digits"
"$work/digits" --input "$work/test_images.npy" --output "$work/densenetc_logits.npy"
/usr/bin/python3 "$root/examples/digits/compare_predictions.py" \
  "$work/densenetc_logits.npy" "$work/torch_logits.npy" "$work/test_labels.npy"
