import pytest

import symc.emit
from symc.compile import backend, memo

from .fake_native import FakeNative


@pytest.fixture
def fake_native(monkeypatch):
    """Replaces the native backend with FakeNative for one test."""
    fake = FakeNative()
    real_emit = symc.emit.emit_module

    def recording_emit(fgraph, name="f", arg_attrs=None):
        ir = real_emit(fgraph, name, arg_attrs)
        fake.graphs[ir] = fgraph
        return ir

    monkeypatch.setattr(symc.emit, "emit_module", recording_emit)
    monkeypatch.setattr(backend, "native", lambda: fake)
    memo.clear()
    yield fake
    memo.clear()
