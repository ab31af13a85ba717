"""The embedded default export (no --exports/--export) is safe on a real network (issue 12).

Any host may mount it, so nobody may act as root there: a uid-0 AUTH_SYS caller's files must
be owned by the squashed id, the owner of the directory, and the server must say at start-up
who may mount and how to change that.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.helpers import ServerProc, free_port
from tests.nfsrdma._nfs import ROOT, Nfs, RawConn, mnt

pytestmark = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (chown, uid-0 caller)")


def default_server(tmp_path: Path, export: Path) -> ServerProc:
    nfs_port, mount_port = free_port(), free_port()
    args = ["--listen", "127.0.0.1", "--nfs-port", str(nfs_port), "--mount-port",
            str(mount_port), "--state-dir", str(tmp_path / "state"), "--no-rpcbind",
            "--rdma", "off", "--pool-mib", "64", "--no-nlm"]  # and no --export: the default
    return ServerProc(export, tmp_path / "state", nfs_port, mount_port,
                      tmp_path / "server.log", args)


@pytest.fixture
def run_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[
        tuple[ServerProc, Path]]:
    export = tmp_path / "default-export"
    monkeypatch.setenv("NFSRDMA_DEFAULT_EXPORT", str(export))
    srv = default_server(tmp_path, export)
    yield srv, export
    if srv.alive():
        srv.stop()


def create_as_root(srv: ServerProc, name: bytes) -> None:
    with RawConn(srv.nfs_port) as c:
        st, root = mnt(c, os.fsencode(srv.export.resolve()), ROOT)
        assert st == 0
        Nfs(c, ROOT).create_fh(root, name)


def test_new_default_dir_goes_to_nobody_and_root_is_squashed(
        run_default: tuple[ServerProc, Path]) -> None:
    srv, export = run_default
    srv.start()
    st = export.stat()
    assert (st.st_uid, st.st_gid) == (65534, 65534)
    create_as_root(srv, b"from-root")
    f = (export / "from-root").stat()
    assert (f.st_uid, f.st_gid) == (65534, 65534)
    log = srv.log_text()
    assert "any host (*) may mount it read-write as uid 65534 gid 65534" in log
    assert "--exports FILE" in log
    assert "no_root_squash," not in log.split("default export", 1)[1].splitlines()[0]


def test_existing_default_dir_keeps_its_owner_as_the_squashed_id(
        run_default: tuple[ServerProc, Path]) -> None:
    srv, export = run_default
    export.mkdir()
    os.chown(export, 1234, 4321)
    srv.start()
    create_as_root(srv, b"f")
    f = (export / "f").stat()
    assert (f.st_uid, f.st_gid) == (1234, 4321)
    assert (export.stat().st_uid, export.stat().st_gid) == (1234, 4321)
    assert "as uid 1234 gid 4321" in srv.log_text()
