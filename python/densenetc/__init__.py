"""densenetc: run DenseNets compiled by densenetc from Python.

    import densenetc
    model = densenetc.load("libmodel.so")          # densenetc --emit=shared
    logits = model(x)                              # x: float32 [N, C, H, W]
    model = densenetc.compile("densenet121", random_weights=0)

load() opens a shared library with ctypes (model.py); compile() runs the
densenetc binary and loads what it wrote (compiler.py).
"""
from .compiler import CompileError, compile, find_compiler
from .model import Model, load

__all__ = ["CompileError", "Model", "compile", "find_compiler", "load"]
