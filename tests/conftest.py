"""Shared fixtures (helpers live in tests/helpers.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from tests.ceph_cluster import CephCluster, missing
from tests.helpers import ServerProc, make_server

# Property tests check values, never speed: on a loaded 2-core machine an example that compiles
# a codec or starts a thread can take longer than hypothesis's default 200 ms deadline.
settings.register_profile("nfsrdma", deadline=None)
settings.load_profile("nfsrdma")


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


@pytest.fixture(scope="session")
def ceph_cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CephCluster]:
    """A one-node Ceph cluster with a CephFS (tests/ceph_cluster.py), booted once per test
    run on first use (~8-15 s) and killed at the end (NFSRDMA_CEPH=off: skipped)."""
    if os.environ.get("NFSRDMA_CEPH") == "off":
        pytest.skip("NFSRDMA_CEPH=off: no Ceph cluster in this run")
    gone = missing()
    if gone:
        pytest.skip(f"Ceph is not installed here ({', '.join(gone)}); "
                    "./bootstrap install-test installs Debian's ceph packages")
    cluster = CephCluster(tmp_path_factory.mktemp("ceph")).start()
    yield cluster
    cluster.stop()
