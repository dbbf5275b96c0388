"""A densenetc --emit=shared library, loaded with ctypes.

The library exports <prefix>_init/_infer/_teardown (contexts, each with its
own arena), _set_threads and the interface constants (_input_shape,
_output_shape, _arena_bytes, _name). A Model keeps a pool of contexts: a
call takes an idle one (or makes a new one), so calls from several threads
run at the same time, each in its own arena; ctypes releases the GIL while
the model runs.
"""
import ctypes
import os
import queue
import threading

import numpy as np


def default_prefix(path):
    """The symbol prefix densenetc gives `-o path` without --name: the file
    name without its extension and a leading "lib", made a C identifier
    (libtiny.so -> tiny, libmy.net.so -> my_net)."""
    stem = os.path.splitext(os.path.basename(os.fspath(path)))[0]
    if len(stem) > 3 and stem.startswith("lib"):
        stem = stem[3:]
    name = "".join(c if c.isascii() and c.isalnum() else "_" for c in stem)
    if not name or name[0].isdigit():
        name = "model_" + name
    return name


class Model:
    """A compiled DenseNet. Call it on a float32 NCHW array of any batch
    size N: it returns float32 logits [N, classes]. The library runs
    `batch` images per call: a larger N is split into calls of `batch`
    images, and the last call's missing images are zeros whose logits are
    dropped (each image's logits do not depend on the others)."""

    def __init__(self, path, name=None, threads=None):
        self.path = os.path.abspath(os.fspath(path))
        self.prefix = name or default_prefix(path)
        self._lib = ctypes.CDLL(self.path)
        self._bind(self._lib, self.prefix)
        self.input_shape = tuple(self._constant("input_shape", ctypes.c_int64 * 4))
        self.output_shape = tuple(self._constant("output_shape", ctypes.c_int64 * 2))
        self.arena_bytes = self._constant("arena_bytes", ctypes.c_int64).value
        self.name = ctypes.string_at(
            ctypes.addressof(self._constant("name", ctypes.c_char))).decode()
        self._idle = queue.SimpleQueue()
        self._contexts = []
        self._lock = threading.Lock()
        if threads is not None:
            self.set_threads(threads)

    def _bind(self, lib, prefix):
        try:
            self._init = getattr(lib, prefix + "_init")
        except AttributeError:
            raise ValueError(
                f"{self.path} exports no {prefix}_init: not a library of "
                f"densenetc --emit=shared with symbol prefix '{prefix}' "
                f"(pass name= the --name it was compiled with)") from None
        self._init.restype = ctypes.c_void_p
        self._init.argtypes = []
        self._infer = getattr(lib, prefix + "_infer")
        self._infer.restype = ctypes.c_int
        self._infer.argtypes = [ctypes.c_void_p, ctypes.c_void_p, ctypes.c_void_p]
        self._teardown = getattr(lib, prefix + "_teardown")
        self._teardown.restype = None
        self._teardown.argtypes = [ctypes.c_void_p]
        self._set_threads = getattr(lib, prefix + "_set_threads")
        self._set_threads.restype = ctypes.c_int
        self._set_threads.argtypes = [ctypes.c_int]

    def _constant(self, suffix, ctype):
        return ctype.in_dll(self._lib, f"{self.prefix}_{suffix}")

    @property
    def batch(self):
        """Images per call of the library (the compiled batch)."""
        return self.input_shape[0]

    def set_threads(self, threads):
        """Threads each call's parallel loops use (the caller included),
        for every Model of this library file: 1 to 1024."""
        if self._set_threads(int(threads)) != 0:
            raise ValueError(f"threads must be 1 to 1024, got {threads}")

    def _check_input(self, x):
        expected = ("N",) + self.input_shape[1:]
        if not isinstance(x, np.ndarray):
            raise ValueError(f"expected a numpy array of shape {_shape_text(expected)} "
                             f"float32, got {type(x).__name__}")
        if x.ndim != 4 or x.shape[1:] != self.input_shape[1:]:
            raise ValueError(f"expected input shape {_shape_text(expected)} "
                             f"(N any), got {x.shape}")
        if x.dtype != np.float32:
            raise ValueError(f"expected dtype float32 for input shape "
                             f"{_shape_text(expected)}, got {x.dtype} "
                             f"(shape {x.shape})")
        return np.ascontiguousarray(x)

    def __call__(self, x):
        x = self._check_input(x)
        count, batch = x.shape[0], self.batch
        out = np.empty((count,) + self.output_shape[1:], np.float32)
        context = self._take_context()
        try:
            for start in range(0, count, batch):
                chunk = x[start:start + batch]
                if len(chunk) == batch:
                    self._run(context, chunk, out[start:start + batch])
                else:
                    padded = np.zeros(self.input_shape, np.float32)
                    padded[:len(chunk)] = chunk
                    logits = np.empty(self.output_shape, np.float32)
                    self._run(context, padded, logits)
                    out[start:] = logits[:len(chunk)]
        finally:
            self._idle.put(context)
        return out

    def _run(self, context, x, out):
        if self._infer(context, x.ctypes.data, out.ctypes.data) != 0:
            raise RuntimeError(f"{self.prefix}_infer failed")

    def _take_context(self):
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        context = self._init()
        if not context:
            raise MemoryError(f"{self.prefix}_init: no memory for a "
                              f"{self.arena_bytes}-byte arena")
        with self._lock:
            self._contexts.append(context)
        return context

    def close(self):
        """Frees the contexts (no call may be running). The library stays
        loaded: its threads outlive it."""
        with self._lock:
            contexts, self._contexts = self._contexts, []
        for context in contexts:
            self._teardown(context)
        self._idle = queue.SimpleQueue()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        if getattr(self, "_contexts", None):
            self.close()

    def __repr__(self):
        return (f"<densenetc.Model {self.name!r} from {self.path}: input "
                f"{self.input_shape}, output {self.output_shape}, arena "
                f"{self.arena_bytes} bytes>")


def _shape_text(shape):
    return "(" + ", ".join(str(d) for d in shape) + ")"


def load(path, name=None, threads=None):
    """Loads the densenetc --emit=shared library at `path`. `name`: its
    symbol prefix (densenetc's --name; default: as densenetc derives it
    from -o, the file name without "lib" and its extension). `threads`:
    see Model.set_threads."""
    return Model(path, name=name, threads=threads)
