"""densenetc.compile: runs the densenetc binary with --emit=shared and
loads the library it writes.

The binary is, in this order: the `compiler=` argument, the DENSENETC
environment variable, `densenetc` on PATH, or build/bin/densenetc of the
source tree this module lives in (an editable install or PYTHONPATH=python).
"""
import os
import shutil
import subprocess
import tempfile

from .model import Model


class CompileError(RuntimeError):
    """densenetc failed; the message is the compiler's own, and
    `returncode`, `stderr` and `command` tell the rest."""

    def __init__(self, command, returncode, stderr):
        self.command = command
        self.returncode = returncode
        self.stderr = stderr
        super().__init__(stderr.strip() or
                         f"densenetc exited with status {returncode}")


def _source_tree_compiler():
    here = os.path.dirname(os.path.abspath(__file__))
    return os.path.join(here, "..", "..", "build", "bin", "densenetc")


def find_compiler(compiler=None):
    """The path of the densenetc binary (see the module's docstring);
    FileNotFoundError, naming what was tried, when there is none."""
    tried = []
    for candidate, origin in ((compiler, "compiler="),
                              (os.environ.get("DENSENETC"), "$DENSENETC")):
        if candidate:
            if os.access(candidate, os.X_OK) and os.path.isfile(candidate):
                return os.path.abspath(candidate)
            raise FileNotFoundError(f"{origin} {candidate}: no such executable")
    on_path = shutil.which("densenetc")
    if on_path:
        return on_path
    tried.append("densenetc on PATH")
    built = os.path.normpath(_source_tree_compiler())
    if os.access(built, os.X_OK):
        return built
    tried.append(built)
    raise FileNotFoundError("no densenetc binary: tried " + ", ".join(tried) +
                            "; pass compiler= or set DENSENETC")


def _option_arguments(options):
    """Keyword options as densenetc flags: random_weights=0 ->
    --random-weights=0, flag=True -> --flag; False and None are left out."""
    arguments = []
    for key, value in options.items():
        flag = "--" + key.replace("_", "-")
        if value is True:
            arguments.append(flag)
        elif value is not None and value is not False:
            arguments.append(f"{flag}={value}")
    return arguments


def compile(model, output=None, *, compiler=None, name="model", threads=None,
            **options):
    """Compiles `model` (a preset name, architecture .json, .onnx or .mlir
    path) with densenetc --emit=shared and loads it. Keyword options are
    densenetc's flags (random_weights=0, image_size="64x64", batch=8,
    weights="w.safetensors", ...). `output`: where to keep the library
    (and its header); by default it goes to a temporary folder that is
    removed once loaded. Raises CompileError with densenetc's message."""
    if "emit" in options or "o" in options:
        raise ValueError("compile() always uses --emit=shared; give the "
                         "library's path as output=")
    binary = find_compiler(compiler)
    with tempfile.TemporaryDirectory(prefix="densenetc-") as folder:
        path = os.fspath(output) if output else os.path.join(
            folder, f"lib{name}.so")
        command = [binary, os.fspath(model), "--emit=shared", f"--name={name}",
                   "-o", path] + _option_arguments(options)
        result = subprocess.run(command, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
        if result.returncode != 0:
            raise CompileError(command, result.returncode,
                               result.stderr + result.stdout)
        return Model(path, name=name, threads=threads)
