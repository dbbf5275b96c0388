#!/usr/bin/python3
"""Generate examples/images/example.ppm: a deterministic 256x256 RGB picture
(sky/ground gradients, a sun, a house, a tree, a ball) for the README's
"classify an image" walkthrough.

Everything is integer arithmetic on numpy arrays -- no RNG, no libm -- so the
bytes are identical on every machine and numpy version:

    /usr/bin/python3 examples/images/make_example_image.py            # rewrite example.ppm
    /usr/bin/python3 examples/images/make_example_image.py --check    # verify it is up to date
    /usr/bin/python3 examples/images/make_example_image.py -o x.png   # PNG too (stdlib zlib)

The picture is procedural: with random or even ImageNet weights the predicted
class is meaningless; it only exercises image loading, resizing and
normalisation in the pipeline.
"""

import argparse
import hashlib
import os
import struct
import sys
import zlib

import numpy as np

SIZE = 256
HERE = os.path.dirname(os.path.abspath(__file__))


def lerp(c0, c1, num, den):
    """Integer per-channel interpolation c0 + (c1 - c0) * num / den, where
    num/den are int arrays broadcastable to [..., 1]."""
    c0 = np.array(c0, dtype=np.int64)
    c1 = np.array(c1, dtype=np.int64)
    return c0 + ((c1 - c0) * num[..., None]) // den


def make_image(size=SIZE):
    n = size
    y, x = np.mgrid[0:n, 0:n].astype(np.int64)
    horizon = (n * 5) // 8
    img = np.zeros((n, n, 3), dtype=np.int64)

    # Sky: deep blue at the top to pale blue at the horizon, slightly warmer
    # to the right.
    sky = lerp((30, 80, 170), (190, 220, 245), np.minimum(y, horizon), horizon)
    sky[..., 0] += (x * 25) // n
    # Ground: green, darker towards the bottom, with a diagonal stripe pattern.
    gy = np.maximum(y - horizon, 0)
    ground = lerp((70, 150, 60), (25, 85, 30), gy, max(n - horizon, 1))
    stripes = ((x + 2 * y) // 12) % 2
    ground[..., 1] += stripes * 12
    img = np.where((y < horizon)[..., None], sky, ground)

    def disc(cx, cy, r):
        return (x - cx) ** 2 + (y - cy) ** 2 <= r * r

    # Sun with a soft (integer) halo.
    cx, cy, r = (n * 3) // 4, n // 5, n // 10
    d2 = (x - cx) ** 2 + (y - cy) ** 2
    halo = (d2 <= (2 * r) ** 2) & (y < horizon)
    w = np.clip(4 * r * r - d2, 0, None)           # 0 .. 3r^2 on the halo
    img = np.where(halo[..., None],
                   img + ((np.array([255, 230, 120]) - img) * w[..., None])
                   // (4 * r * r), img)
    img[disc(cx, cy, r)] = (255, 215, 60)

    # House: wall, door, window, triangular roof.
    hx0, hx1 = n // 8, (n * 7) // 16
    hy0, hy1 = (n * 7) // 16, (n * 25) // 32
    wall = (x >= hx0) & (x < hx1) & (y >= hy0) & (y < hy1)
    img[wall] = lerp((200, 80, 60), (150, 50, 40), (x - hx0)[wall],
                     hx1 - hx0)
    mid = (hx0 + hx1) // 2
    half = (hx1 - hx0) // 2 + n // 32
    ry0 = hy0 - (n * 5) // 32
    roof = (y >= ry0) & (y < hy0) & (
        np.abs(x - mid) * (hy0 - ry0) <= (y - ry0) * half)
    img[roof] = (90, 40, 35)
    door = (x >= mid - n // 32) & (x < mid + n // 32) & (y >= hy1 - n // 8) & (y < hy1)
    img[door] = (70, 45, 25)
    win = (x >= hx0 + n // 32) & (x < hx0 + n // 32 + n // 12) & \
          (y >= hy0 + n // 24) & (y < hy0 + n // 24 + n // 12)
    img[win] = (235, 240, 150)
    img[win & (((x - hx0 - n // 32) == n // 24) | ((y - hy0 - n // 24) == n // 24))] = (60, 40, 30)

    # Tree: trunk + two overlapping crowns.
    tx = (n * 11) // 16
    trunk = (x >= tx - n // 40) & (x < tx + n // 40) & (y >= (n * 9) // 16) & (y < (n * 13) // 16)
    img[trunk] = (100, 65, 35)
    img[disc(tx, (n * 17) // 32, n // 9)] = (35, 120, 45)
    img[disc(tx + n // 20, (n * 15) // 32, n // 12)] = (50, 140, 55)

    # Ball in the foreground, shaded by distance from a highlight.
    bx, by, br = (n * 15) // 32, (n * 7) // 8, n // 14
    ball = disc(bx, by, br)
    hd2 = (x - (bx - br // 3)) ** 2 + (y - (by - br // 3)) ** 2
    shade = np.clip(hd2, 0, 2 * br * br)
    img = np.where(ball[..., None],
                   lerp((250, 250, 255), (30, 60, 200), shade, 2 * br * br),
                   img)

    return np.clip(img, 0, 255).astype(np.uint8)


def ppm_bytes(img):
    h, w, _ = img.shape
    return b"P6\n%d %d\n255\n" % (w, h) + img.tobytes()


def png_bytes(img):
    h, w, _ = img.shape
    raw = b"".join(b"\x00" + img[i].tobytes() for i in range(h))

    def chunk(tag, data):
        return (struct.pack(">I", len(data)) + tag + data +
                struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF))

    return (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "example.ppm"),
                    help="output file; .ppm (P6) or .png (default: %(default)s)")
    ap.add_argument("--size", type=int, default=SIZE)
    ap.add_argument("--check", action="store_true",
                    help="do not write; exit 1 if the output file differs")
    args = ap.parse_args(argv)

    img = make_image(args.size)
    data = png_bytes(img) if args.output.lower().endswith(".png") else ppm_bytes(img)
    digest = hashlib.sha256(data).hexdigest()
    if args.check:
        try:
            with open(args.output, "rb") as f:
                same = f.read() == data
        except OSError:
            same = False
        print(f"{args.output}: {'up to date' if same else 'DIFFERS'} (sha256 {digest})")
        return 0 if same else 1
    with open(args.output, "wb") as f:
        f.write(data)
    print(f"wrote {args.output}: {img.shape[1]}x{img.shape[0]} RGB, "
          f"{len(data)} bytes, sha256 {digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
