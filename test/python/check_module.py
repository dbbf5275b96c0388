"""check_module.py: the densenetc Python module against densenetc's own
outputs. Run by module.test, which compiled into FOLDER:
  libtiny.so   tiny.json, seed 3, 8x6, batch 3, --emit=shared
  libother.so  tiny.json, seed 5, 16x16, batch 1, --emit=shared
  x.npy        10 images 3x8x6;  tiny-exe.npy  the executable's logits
  y.npy        4 images 3x16x16; other-exe.npy the executable's logits
Prints one "ok:" line per check; any failure raises.

    check_module.py FOLDER DENSENETC
"""
import concurrent.futures
import os
import sys

import numpy as np

import densenetc

folder, compiler = sys.argv[1], sys.argv[2]
tiny_json = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                         "densenetc", "Inputs", "tiny.json")
x = np.load(os.path.join(folder, "x.npy"))
y = np.load(os.path.join(folder, "y.npy"))
tiny_exe = np.load(os.path.join(folder, "tiny-exe.npy"))
other_exe = np.load(os.path.join(folder, "other-exe.npy"))


def same_bits(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and \
        a.tobytes() == b.tobytes()


def expect_value_error(call, *fragments):
    try:
        call()
    except ValueError as error:
        for fragment in fragments:
            assert fragment in str(error), (fragment, str(error))
        return str(error)
    raise AssertionError("no ValueError")


tiny = densenetc.load(os.path.join(folder, "libtiny.so"))
assert tiny.input_shape == (3, 3, 8, 6), tiny.input_shape
assert tiny.output_shape == (3, 5), tiny.output_shape
assert tiny.arena_bytes > 0 and tiny.name == "tiny", (tiny.arena_bytes, tiny.name)
print(f"ok: interface {tiny.input_shape} -> {tiny.output_shape}, arena "
      f"{tiny.arena_bytes} bytes")

# Bit-identical to the executable, with N = 10 over a compiled batch of 3:
# calls of 3, 3, 3 and a last one padded with zeros.
assert same_bits(tiny(x), tiny_exe)
print("ok: 10 images in batches of 3 bit-identical to the executable")
for n in (1, 2, 3, 4, 7):
    assert same_bits(tiny(x[:n]), tiny_exe[:n]), n
assert tiny(x[:0]).shape == (0, 5)
print("ok: N = 0, 1, 2, 3, 4, 7 give the executable's first N rows")
# Padding does not leak between images: the remainder's logits do not
# depend on what else was in the batch.
assert same_bits(tiny(x[9:10]), tiny_exe[9:10])

# Wrong shapes and dtypes name the expected and the actual shape.
print("ok:", expect_value_error(lambda: tiny(x[0]), "(N, 3, 8, 6)",
                                "(3, 8, 6)"))
print("ok:", expect_value_error(lambda: tiny(np.zeros((2, 3, 6, 8),
                                                      np.float32)),
                                "(N, 3, 8, 6)", "(2, 3, 6, 8)"))
print("ok:", expect_value_error(lambda: tiny(x.astype(np.float64)),
                                "float32", "float64", "(10, 3, 8, 6)"))
expect_value_error(lambda: tiny(x.tolist()), "(N, 3, 8, 6)", "list")
# Non-contiguous views are copied, not misread.
strided = np.concatenate([x, x], axis=3)[:, :, :, ::2]
assert same_bits(tiny(np.ascontiguousarray(x)), tiny(x))
assert not strided.flags.c_contiguous
assert same_bits(tiny(strided), tiny(np.ascontiguousarray(strided)))
print("ok: non-contiguous input")

# Two models in one process, each with its own interface and weights.
other = densenetc.load(os.path.join(folder, "libother.so"))
assert other.input_shape == (1, 3, 16, 16), other.input_shape
assert same_bits(other(y), other_exe)
assert same_bits(tiny(x), tiny_exe)
print("ok: two models loaded at once, each bit-identical to its executable")

# Calls from 8 threads at once on both models: each call gets a context
# (and arena) of its own; every answer is still the executable's.
def one_call(i):
    if i % 2:
        return same_bits(other(y[i % 4:i % 4 + 1]), other_exe[i % 4:i % 4 + 1])
    return same_bits(tiny(x[i % 10:]), tiny_exe[i % 10:])


with concurrent.futures.ThreadPoolExecutor(8) as pool:
    results = list(pool.map(one_call, range(400)))
assert all(results), results.count(False)
assert len(tiny._contexts) > 1, len(tiny._contexts)
print(f"ok: 400 calls from 8 threads, {len(tiny._contexts)} contexts of "
      f"tiny, all bit-identical")
tiny.set_threads(2)
assert same_bits(tiny(x), tiny_exe)
expect_value_error(lambda: tiny.set_threads(0), "1 to 1024")
print("ok: set_threads")

# compile(): the same library as densenetc --emit=shared gives.
compiled = densenetc.compile(tiny_json, compiler=compiler, random_weights=3,
                             image_size="8x6", batch=3, name="again")
assert compiled.input_shape == (3, 3, 8, 6)
assert same_bits(compiled(x), tiny_exe)
print("ok: compile() bit-identical to the executable")

# Compiler errors carry densenetc's message.
for model, options, fragment in (
        (os.path.join(folder, "missing.json"), {}, "missing.json"),
        (tiny_json, {"image_size": "0x0"}, "image size '0x0'"),
        (tiny_json, {"no_such_flag": True}, "no-such-flag")):
    try:
        densenetc.compile(model, compiler=compiler, random_weights=3, **options)
    except densenetc.CompileError as error:
        assert "densenetc: error" in str(error) or \
            "Unknown command line argument" in str(error), str(error)
        assert fragment in str(error), (fragment, str(error))
        assert error.returncode != 0
        print("ok: CompileError:", str(error).splitlines()[0])
    else:
        raise AssertionError(f"no CompileError for {model} {options}")

# A library without the symbols of its name.
print("ok:", expect_value_error(
    lambda: densenetc.load(os.path.join(folder, "libtiny.so"), name="wrong"),
    "wrong_init", "name="))
print("ok: all checks")
