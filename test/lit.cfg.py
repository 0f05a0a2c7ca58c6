# -*- Python -*-
# lit configuration for accel's regression tests (MLIR files, tool runs,
# oracle comparisons). Unit tests have their own suite in unittests/.

import os
import subprocess

import lit.formats
from lit.llvm import llvm_config

config.name = "ACCEL"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "unittests", "lit.cfg.py", "lit.site.cfg.py",
                   "CMakeLists.txt", "consumer", "corpus"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.accel_obj_root, "test")

config.substitutions.append(("%PATH%", config.environment["PATH"]))
config.substitutions.append(("%accel_src_root", config.accel_src_root))
config.substitutions.append(("%accel_obj_root", config.accel_obj_root))
config.substitutions.append(("%llvm_tools_dir", config.llvm_tools_dir))
config.substitutions.append(("%accel_tools_dir", config.accel_tools_dir))
config.substitutions.append(("%cmake", config.cmake_command))
config.substitutions.append(("%mlir_dir", config.mlir_dir))
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%cc", config.c_compiler))

# Oracles run on Debian's python3, which is where python3-torch installs
# (the python3 first on PATH may be another interpreter).
oracle_python = "/usr/bin/python3"
config.substitutions.append(("%python", oracle_python))
# The scripts import accel's Python package (python/accel_tools); none edits sys.path.
# No __pycache__ in the source tree.
config.environment["PYTHONPATH"] = os.path.join(config.accel_src_root, "python")
config.environment["PYTHONDONTWRITEBYTECODE"] = "1"

def _python_can_import(module):
    try:
        subprocess.run([oracle_python, "-c", "import " + module],
                       check=True, capture_output=True, timeout=120)
        return True
    except Exception:
        return False

if _python_can_import("numpy"):
    config.available_features.add("numpy")
if _python_can_import("torch"):
    config.available_features.add("torch")

if config.fuzzers_enabled:
    config.available_features.add("fuzzers")
if config.sanitizers_enabled or config.fuzzers_enabled:
    config.available_features.add("sanitizers")
    # Leak checking stays on; every report is fatal. MLIR's prebuilt
    # libraries are not instrumented, so the inline BumpPtrAllocator code
    # our instrumented files compile poisons memory the library then touches
    # (false "use-after-poison"), and std containers built both ways give
    # false container overflows: both checks are switched off.
    config.environment["ASAN_OPTIONS"] = (
        "abort_on_error=1:detect_leaks=1:allow_user_poisoning=0:"
        "detect_container_overflow=0")
    config.environment["UBSAN_OPTIONS"] = "print_stacktrace=1:halt_on_error=1"

llvm_config.with_system_environment(["HOME", "TMPDIR"])
llvm_config.use_default_substitutions()

# Our tools first, then LLVM's (FileCheck, not, mlir-opt, mlir-runner).
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.accel_tools_dir, append_path=True)
tool_dirs = [config.accel_tools_dir, config.llvm_tools_dir]
tools = ["accel-opt", "accel-translate", "accel-sim", "mlir-opt",
         "mlir-runner"]
if os.path.isdir(config.accel_tools_dir):
    tools += sorted(name for name in os.listdir(config.accel_tools_dir)
                    if name.startswith("accel-fuzz-"))
llvm_config.add_tool_substitutions(tools, tool_dirs)
config.substitutions.append(
    ("%mlir_runner_libs",
     ",".join(os.path.join(os.path.dirname(config.llvm_tools_dir), "lib", lib)
              for lib in ["libmlir_runner_utils.so",
                          "libmlir_c_runner_utils.so"])))
