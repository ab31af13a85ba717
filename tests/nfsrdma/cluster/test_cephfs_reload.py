"""A SIGHUP reload that adds a CephFS export mounts it on a storage thread, never on the
event loop (mounting waits for the cluster: seconds when a monitor is slow), and a removed
one is unmounted off the loop too.  An in-process server on the one-node cluster the test
run boots, its reload called as the SIGHUP handler calls it."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

import pytest

from nfsrdma.config import ServerConfig
from nfsrdma.server import Server
from storage import Cred
from storage._libcephfs import Mount
from storage.cephfs import CephfsBackend
from tests.ceph_cluster import CephCluster

ROOT = Cred(0, 0)


async def _mkdirs(conf: Path, *names: str) -> None:
    be = await asyncio.to_thread(CephfsBackend, str(conf))
    try:
        for n in names:
            try:
                await be.mkdir(await be.root(), n.encode(), 0o777, ROOT)
            except FileExistsError:
                pass
    finally:
        await asyncio.to_thread(be.close)


async def test_reload_mounts_and_unmounts_cephfs_off_the_loop(
        tmp_path: Path, ceph_cluster: CephCluster, monkeypatch: pytest.MonkeyPatch) -> None:
    await _mkdirs(ceph_cluster.conf, "reload-a", "reload-b")
    exports = tmp_path / "exports"
    exports.write_text("/reload-a 127.0.0.1(rw,no_root_squash,insecure)\n")
    cfg = ServerConfig(exports_file=exports, listen=["127.0.0.1"], nfs_port=0, mount_port=0,
                       state_dir=tmp_path / "state", storage="cephfs",
                       ceph_conf=ceph_cluster.conf, nfs4=False, nlm=False, rdma="off",
                       register_rpcbind=False)
    server = Server(cfg)
    await server.start()
    loop_thread = threading.get_ident()
    where: list[tuple[str, bool]] = []
    real_init, real_close = Mount.__init__, Mount.close

    def init(self: Mount, *args: object, **kw: object) -> None:
        where.append(("mount", threading.get_ident() == loop_thread))
        real_init(self, *args, **kw)  # type: ignore[arg-type]

    def close(self: Mount) -> None:
        where.append(("unmount", threading.get_ident() == loop_thread))
        real_close(self)

    monkeypatch.setattr(Mount, "__init__", init)
    monkeypatch.setattr(Mount, "close", close)
    retire = Server._retire

    async def quick_retire(self: Server, backend: object, grace: float = 10.0) -> None:
        await retire(self, backend, 0.0)  # type: ignore[arg-type]

    monkeypatch.setattr(Server, "_retire", quick_retire)
    try:
        exports.write_text("/reload-b 127.0.0.1(rw,no_root_squash,insecure)\n")
        assert await server.reload_exports()
        assert server.service is not None
        assert [e.path for e in server.service.exports] == ["/reload-b"]
        for _ in range(100):
            if ("unmount", False) in where:
                break
            await asyncio.sleep(0.05)
        assert where == [("mount", False), ("unmount", False)]
        # a reload whose new export cannot be mounted leaves the table in force
        exports.write_text("/no-such-dir 127.0.0.1(rw,insecure)\n")
        assert not await server.reload_exports()
        assert [e.path for e in server.service.exports] == ["/reload-b"]
        assert all(not on_loop for _, on_loop in where)
    finally:
        await server.stop()
