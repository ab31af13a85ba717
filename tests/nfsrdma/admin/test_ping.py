"""`nfsrdma ping` (the container healthcheck): an NFS NULL call answered means healthy; a
port that accepts but does not speak RPC, or nothing listening, is unhealthy (exit 1)."""

from __future__ import annotations

import subprocess
import sys

from tests.helpers import ROOT, ServerProc, free_port


def _ping(port: int, timeout: float = 10) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "nfsrdma", "ping", "--port", str(port),
                           "--timeout", str(timeout)], cwd=ROOT, text=True, capture_output=True,
                          timeout=60)


def test_ping_tells_a_server_from_other_listeners(
        nfs_server_with_metrics: tuple[ServerProc, int]) -> None:
    srv, metrics_port = nfs_server_with_metrics
    ok = _ping(srv.nfs_port)
    assert ok.returncode == 0, ok.stderr
    assert f"nfs v3 NULL from 127.0.0.1:{srv.nfs_port}: ok" in ok.stdout
    # accepts the connection, never answers RPC (its HTTP parser waits for a line end)
    http = _ping(metrics_port, timeout=1)
    assert http.returncode == 1 and f"127.0.0.1:{metrics_port}:" in http.stderr
    closed = _ping(free_port())
    assert closed.returncode == 1 and "refused" in closed.stderr.lower()
