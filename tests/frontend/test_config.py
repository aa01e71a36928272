"""symc.config from code and from SYMC_FLAGS."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

import symc
import symc.tensor as st


def test_floatx_changes_default_dtypes():
    symc.config.floatX = "float32"
    try:
        assert st.matrix().dtype == "float32"
        assert st.zeros((2,)).dtype == "float32"
    finally:
        symc.config.floatX = "float64"
    with pytest.raises(ValueError):
        symc.config.floatX = "float16"


def test_symc_flags_environment_variable():
    env = dict(os.environ, SYMC_FLAGS="floatX=float32,device=cuda")
    env["PYTHONPATH"] = str(Path(symc.__file__).resolve().parents[1]) + os.pathsep + env.get("PYTHONPATH", "")
    code = "import symc, symc.tensor as st; print(symc.config.floatX, symc.config.device, st.vector().dtype)"
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert out.split() == ["float32", "cuda", "float32"]
