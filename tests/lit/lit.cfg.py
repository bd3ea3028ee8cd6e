# -*- Python -*-
#
# lit configuration for dlc's FileCheck tests (dialect round trips and
# diagnostics, conversions, transforms, pipelines). The site config that CMake
# generates from lit.site.cfg.py.in sets the tool, source and build
# directories, then loads this file.

import os

import lit.formats
from lit.llvm import llvm_config

config.name = "dlc"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".mlir"]

# Tests live next to this file; their Output/ directories go to the build tree.
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.dlc_binary_dir, "tests", "lit")

# Not tests: the configuration itself and inputs shared by several tests.
config.excludes = [
    "Inputs",
    "CMakeLists.txt",
    "lit.cfg.py",
    "lit.site.cfg.py",
    "lit.site.cfg.py.in",
]

# dlc-opt and dlc first, then LLVM's FileCheck, not and count, so that a stale
# tool elsewhere on PATH is never picked up.
config.environment["PATH"] = os.pathsep.join(
    config.dlc_tools_dirs + [config.llvm_tools_dir, config.environment["PATH"]]
)
llvm_config.with_system_environment(["HOME", "TMP", "TEMP"])
llvm_config.use_default_substitutions()
# Debian's Python with python3-onnx and numpy: the ONNX tests build their
# models with it when they run.
config.substitutions.append(("%python", "/usr/bin/python3"))
