# Configuration of the symc lit suite: FileCheck tests of the dialect, the
# passes, the C API, the mlir-opt plugin and the installed CMake package.
import os
import shutil
import sys

import lit.formats

config.name = "symc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test", ".py"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.symc_obj_root, "tests", "lit")

bin_dir = os.path.join(config.symc_obj_root, "bin")
lib_dir = os.path.join(config.symc_obj_root, "lib")
config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", os.environ.get("PATH", ""))])
for var in ("HOME", "TMPDIR", "CCACHE_DIR"):
    if var in os.environ:
        config.environment[var] = os.environ[var]

config.substitutions.append(("%symc_libs", lib_dir))
config.substitutions.append(("%symc_src", config.symc_src_root))
config.substitutions.append(("%symc_build", config.symc_obj_root))
config.substitutions.append(("%mlir_opt", config.mlir_opt))
config.substitutions.append(("%mlir_dir", config.mlir_dir))
config.substitutions.append(("%cmake", config.cmake))
config.substitutions.append(("%cxx", config.cxx_compiler))
config.substitutions.append(("%c_compiler", config.c_compiler))
config.substitutions.append(("%PYTHON", config.python_executable or sys.executable))

# Flags for CMake projects configured by tests (cmake/find-package.test):
# ccache and lld keep rebuilding the external project cheap.
if shutil.which("ccache"):
    config.available_features.add("ccache")
    config.substitutions.append(("%ext_cxx_launcher", "-DCMAKE_CXX_COMPILER_LAUNCHER=ccache"))
else:
    config.substitutions.append(("%ext_cxx_launcher", ""))
lld = shutil.which("ld.lld-22") or shutil.which("ld.lld")
if lld:
    config.substitutions.append(("%ext_lld", "-DCMAKE_EXE_LINKER_FLAGS=-fuse-ld=lld"))
else:
    config.substitutions.append(("%ext_lld", ""))

# Execution tests that check numerics need NumPy, SciPy and mpmath in %PYTHON.
import subprocess
if subprocess.run([config.python_executable or sys.executable, "-c", "import numpy, scipy, mpmath"],
                  capture_output=True).returncode == 0:
    config.available_features.add("python-numerics")
