#!/usr/bin/python3
"""image_reference.py DIR H W DUMP MODEL: checks the executable's image
preprocessing against torchvision's, for image-preprocessing.test.

Writes seeded test images of non-square sizes (landscape, portrait, smaller
than the resize target, larger) as PNG, JPEG (quality 90), PPM and BMP into
DIR, and for each computes torchvision's ImageNet evaluation transform on
the file as PIL decodes it:

  Resize(round(H * 256 / 224)), CenterCrop((H, W)), ToTensor(),
  Normalize((0.485, 0.456, 0.406), (0.229, 0.224, 0.225))

(Resize(256), CenterCrop(224) for a 224x224 model). It then compares

  - the runtime's input tensor (DUMP, test/runtime/Inputs/image_input_dump.c)
    with torchvision's, in 8-bit levels;
  - the logits of MODEL (a 1x3xHxW executable) run on the image with its
    logits on torchvision's tensor (as .npy).

One line per image: "NAME: input max L levels, mean M levels; logits
identical|differ by R (relative)", then PASS or FAIL: PNG, PPM and BMP must
give the same input and logits bit for bit; JPEG, whose decoders differ
(stb_image here, libjpeg in PIL), at most 4 levels at any value and 0.1
on average. Exits 1 if any image fails.
"""

import os
import subprocess
import sys

import numpy as np
from PIL import Image
import torchvision.transforms as T

MEAN = np.array([0.485, 0.456, 0.406], np.float32)
STD = np.array([0.229, 0.224, 0.225], np.float32)
SIZES = [(300, 200), (181, 410), (150, 100), (640, 479), (100, 300)]


def make_image(rng, w, h):
    """Smooth colour gradients with noise: every resampling error shows."""
    y, x = np.mgrid[0:h, 0:w]
    planes = [128 + 100 * np.sin(x / 7.0 + c) * np.cos(y / 11.0 - c)
              for c in range(3)]
    pixels = np.stack(planes, -1) + rng.normal(0, 20, (h, w, 3))
    return Image.fromarray(np.clip(pixels, 0, 255).astype(np.uint8), "RGB")


def run_model(model, src, dst):
    subprocess.run([model, "--input", src, "--output", dst], check=True)
    return np.load(dst)


def check(path, h, w, dump, model, transform):
    ref = transform(Image.open(path).convert("RGB")).numpy()[None]
    np.save(path + ".ref.npy", ref)
    subprocess.run([dump, path, str(h), str(w), path + ".f32"], check=True)
    ours = np.fromfile(path + ".f32", np.float32).reshape(ref.shape)
    levels = np.abs(ours - ref) * STD[None, :, None, None] * 255
    logits = run_model(model, path, path + ".logits.npy")
    ref_logits = run_model(model, path + ".ref.npy", path + ".ref-logits.npy")
    same_input = ours.tobytes() == ref.tobytes()
    same_logits = logits.tobytes() == ref_logits.tobytes()
    rel = np.abs(logits - ref_logits).max() / np.abs(ref_logits).max()
    if path.endswith(".jpg"):
        ok = levels.max() <= 4 and levels.mean() <= 0.1
    else:
        ok = same_input and same_logits
    print(f"{os.path.basename(path)}: input max {levels.max():.2f} levels, "
          f"mean {levels.mean():.3f} levels; logits "
          f"{'identical' if same_logits else f'differ by {rel:.2e} (relative)'}"
          f" {'PASS' if ok else 'FAIL'}")
    return ok


def main(out, h, w, dump, model):
    h, w = int(h), int(w)
    transform = T.Compose([T.Resize(round(h * 256 / 224)), T.CenterCrop((h, w)),
                           T.ToTensor(), T.Normalize(MEAN, STD)])
    rng = np.random.default_rng(0)
    ok = True
    for width, height in SIZES:
        image = make_image(rng, width, height)
        for ext in ("png", "jpg", "ppm", "bmp"):
            path = os.path.join(out, f"{width}x{height}.{ext}")
            image.save(path, quality=90) if ext == "jpg" else image.save(path)
            ok = check(path, h, w, dump, model, transform) and ok
    return 0 if ok else 1


if __name__ == "__main__":
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    sys.exit(main(*sys.argv[1:]))
