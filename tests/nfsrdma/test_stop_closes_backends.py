"""A stopped server leaves no storage behind: every export's backend is closed (a vfs
backend's root and cached fds; a cephfs one ends its CephFS session, whose capabilities would
otherwise hold up the next server), and closing logs no error."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import pytest

from nfsrdma.config import ServerConfig
from nfsrdma.nfs3.client import Nfs3Client, mount
from nfsrdma.server import Server
from tests.transport.rdma._rdma import ROOT_CRED, export_path
from transport.client.tcp import RpcTcpClient


def _open_fds_under(path: Path) -> list[str]:
    out = []
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.startswith(str(path)):
            out.append(target)
    return out


async def test_stop_closes_every_export_backend(tmp_path: Path,
                                                caplog: pytest.LogCaptureFixture) -> None:
    exports = [tmp_path / "a", tmp_path / "b"]
    for p in exports:
        p.mkdir()
    cfg = ServerConfig(export_paths=exports, listen=["127.0.0.1"], nfs_port=0, mount_port=0,
                       rdma="off", state_dir=tmp_path / "state", register_rpcbind=False,
                       pool_mib=16, nlm=False)
    srv = Server(cfg)
    await srv.start()
    try:
        rpc = await RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20)
        try:  # a file handle in the backend's fd cache
            root = await mount(rpc, export_path(srv), ROOT_CRED)
            await Nfs3Client(rpc, ROOT_CRED).create(root, b"f")
        finally:
            await rpc.close()
        assert _open_fds_under(tmp_path / "a") or _open_fds_under(tmp_path / "b")
    finally:
        with caplog.at_level(logging.ERROR):
            await srv.stop(grace=2.0)
    assert _open_fds_under(tmp_path / "a") == []
    assert _open_fds_under(tmp_path / "b") == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
