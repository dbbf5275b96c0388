#!/usr/bin/python3
"""make_bad_images.py OUTDIR: writes image files for bad-images.test.

  good.{png,jpg,ppm,bmp}   a 64x48 image, decodable (the control)
  trunc.{png,jpg,ppm,bmp}  the good file cut in half
  empty.{png,jpg,ppm,bmp}  a 0x0 image (PNG, PPM, BMP) or a JPEG whose frame
                           header says 0x0
  huge.{png,jpg,ppm,bmp}   65535x65535 in the header, a few bytes of data
  large.jpg                25000x25000 in the header (under stb_image's own
                           limit, which a 65535x65535 JPEG is over)

PNG, PPM and BMP are written by hand (struct, zlib); JPEG by PIL (which
python3-torchvision brings), its frame header patched.
"""

import io
import os
import struct
import sys
import zlib

from PIL import Image

W, H = 64, 48


def png(w, h, rows):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) +
            chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def ppm(w, h, pixels):
    return b"P6\n%d %d\n255\n" % (w, h) + pixels


def bmp(w, h, pixels):
    """A 24-bit BMP of `pixels` (RGB rows, top first); BMP stores BGR rows
    bottom first."""
    if len(pixels) == w * h * 3:
        pixels = b"".join(pixels[(y * w + x) * 3:(y * w + x) * 3 + 3][::-1]
                          for y in reversed(range(h)) for x in range(w))
    return (b"BM" + struct.pack("<IHHI", 54 + len(pixels), 0, 0, 54) +
            struct.pack("<IiiHHIIiiII", 40, w, h, 1, 24, 0, len(pixels),
                        2835, 2835, 0, 0) + pixels)


def jpeg(w, h):
    """A 64x48 JPEG whose frame header (SOF0) is patched to w x h."""
    image = Image.frombytes("RGB", (W, H), bytes(range(256)) * (W * H * 3 // 256))
    buf = io.BytesIO()
    image.save(buf, "JPEG", quality=90)
    data = bytearray(buf.getvalue())
    sof = data.index(b"\xff\xc0")
    data[sof + 5:sof + 9] = struct.pack(">HH", h, w)
    return bytes(data)


def main(out):
    os.makedirs(out, exist_ok=True)
    pixels = bytes(range(256)) * (W * H * 3 // 256)
    rows = b"".join(b"\0" + pixels[y * W * 3:(y + 1) * W * 3] for y in range(H))
    files = {
        "good.png": png(W, H, rows), "good.jpg": jpeg(W, H),
        "good.ppm": ppm(W, H, pixels), "good.bmp": bmp(W, H, pixels),
        "empty.png": png(0, 0, b""), "empty.jpg": jpeg(0, 0),
        "empty.ppm": ppm(0, 0, b""), "empty.bmp": bmp(0, 0, b""),
        "huge.png": png(65535, 65535, bytes(64)),
        "huge.jpg": jpeg(65535, 65535),
        "huge.ppm": ppm(65535, 65535, bytes(64)),
        "huge.bmp": bmp(65535, 65535, bytes(64)),
        "large.jpg": jpeg(25000, 25000),
    }
    for ext in ("png", "jpg", "ppm", "bmp"):
        good = files["good." + ext]
        files["trunc." + ext] = good[:len(good) // 2]
    for name, data in files.items():
        with open(os.path.join(out, name), "wb") as f:
            f.write(data)
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    sys.exit(main(sys.argv[1]))
