"""A server process with /metrics, for the operator tools' tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ServerProc, free_port, make_server


@pytest.fixture
def nfs_server_with_metrics(tmp_path: Path) -> Iterator[tuple[ServerProc, int]]:
    port = free_port()
    srv = make_server(tmp_path, "--metrics-port", str(port), nfs4=False)
    srv.start()
    try:
        yield srv, port
    finally:
        if srv.alive():
            assert srv.stop() == 0, srv.log_text()[-3000:]
