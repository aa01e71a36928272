"""Makes the in-tree package importable when symc is not installed, so that
the frontend tests run without any native build."""

import sys
from pathlib import Path

try:
    import symc  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "frontend"))


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def chain_100k():
    """(x, y): y = tanh(tanh(...tanh(x))) with 100,000 nodes, built once."""
    import symc.tensor as st

    x = st.dvector("x")
    y = x
    for _ in range(100_000):
        y = st.tanh(y)
    return x, y
