#!/usr/bin/python3
"""write_pnm16.py DIR: writes 16-bit binary PNM images and the 8-bit images
they must decode to, for image-pnm16.test (seeded random 9x7 pixels):

  rgb16.ppm    P6, maxval 65535, samples v * 257 (v: 8-bit values)
  rgb8.ppm     P6, maxval 255, samples v (what rgb16.ppm decodes to)
  luma8.pgm    P5, maxval 255: rgb8.ppm's luminance as stb_image converts
               RGB to one channel, (77 R + 150 G + 29 B) >> 8
  gray16.pgm   P5, maxval 65535, samples g * 257
  gray8.ppm    P6, maxval 255: g replicated to R, G and B
"""
import os
import random
import struct
import sys

W, H = 9, 7


def pnm(magic, maxval, samples):
    fmt = ">%dH" % len(samples) if maxval > 255 else "%dB" % len(samples)
    header = b"%s\n%d %d\n%d\n" % (magic, W, H, maxval)
    return header + struct.pack(fmt, *samples)


def main():
    out = sys.argv[1]
    rng = random.Random(13)
    rgb = [rng.randrange(256) for _ in range(W * H * 3)]
    gray = [rng.randrange(256) for _ in range(W * H)]
    luma = [(77 * rgb[3 * i] + 150 * rgb[3 * i + 1] + 29 * rgb[3 * i + 2]) >> 8
            for i in range(W * H)]
    files = {
        "rgb16.ppm": pnm(b"P6", 65535, [v * 257 for v in rgb]),
        "rgb8.ppm": pnm(b"P6", 255, rgb),
        "luma8.pgm": pnm(b"P5", 255, luma),
        "gray16.pgm": pnm(b"P5", 65535, [g * 257 for g in gray]),
        "gray8.ppm": pnm(b"P6", 255, [g for g in gray for _ in range(3)]),
    }
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
