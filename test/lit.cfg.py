# lit configuration for the densenetc test suite.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "DENSENET"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["examples", "Inputs", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.densenet_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%examples", os.path.join(config.test_source_root, "examples")))
config.substitutions.append(("%src_root", config.densenet_src_root))
# The C compiler the project was configured with, for test fixtures.
config.substitutions.append(("%cc", config.densenet_c_compiler))

llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.add_tool_substitutions(
    ["densenet-opt", "densenetc"], [config.densenet_tools_dir])
