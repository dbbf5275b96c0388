"""load_installed.py: imports the installed densenetc module (pip-install.test)
and runs LIBRARY once on zeros; prints where the module is, its installed
version and requirements, the input shape and the output's shape."""
import importlib.metadata
import sys

import numpy as np

import densenetc

model = densenetc.load(sys.argv[1])
print(densenetc.__file__)
print("version", importlib.metadata.version("densenetc"), "requires",
      importlib.metadata.requires("densenetc"))
print(model.input_shape, model(np.zeros(model.input_shape, np.float32)).shape)
