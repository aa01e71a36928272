"""Makes the in-tree package importable when symc is not installed, so that
the frontend tests run without any native build."""

import sys
from pathlib import Path

try:
    import symc  # noqa: F401
except ImportError:
    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "frontend"))
