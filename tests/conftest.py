"""Shared fixtures (helpers live in tests/helpers.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ServerProc, make_server


@pytest.fixture
def nfs_server(tmp_path: Path) -> Iterator[ServerProc]:
    """A running server exporting `tmp_path/export` rw to everyone, TCP only."""
    srv = make_server(tmp_path)
    srv.start()
    yield srv
    if srv.alive():
        rc = srv.stop()
        assert rc == 0, f"server did not stop cleanly ({rc}):\n{srv.log_text()[-3000:]}"
    assert "Traceback" not in srv.log_text(), srv.log_text()[-5000:]
