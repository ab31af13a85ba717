"""Nothing blocks the loop: a stalled fsync or reverse lookup delays only the call that needs it.

What this adds beyond tests/storage: a real server in this loop, real TCP clients on separate
connections, and storage (or a resolver) that blocks until the test lets it go.  The stall is
held by a threading.Event, never a sleep: the assertion is only "the other connection's call
answered while the blocked one was still blocked", and the blocked call then completes right.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

import nfsrdma.server
from nfsrdma.config import ServerConfig
from nfsrdma.exports import DnsResolver, ExportTable
from nfsrdma.hostnames import IPAddress
from nfsrdma.nfs3.client import Nfs3Client, NfsCallError, mount
from nfsrdma.server import Server
from rpc.auth import AuthSys
from storage.vfs import VfsBackend
from transport.client.tcp import RpcTcpClient

CRED = AuthSys(0, 0)
WAIT = 20.0  # a lost reply fails the test instead of hanging it


class StallingVfs(VfsBackend):
    """A vfs export whose fsync waits for ``release`` (a slow disk, held by the test)."""

    entered = threading.Event()
    release = threading.Event()

    def _sync(self, fd: int) -> None:
        StallingVfs.entered.set()
        if not StallingVfs.release.wait(WAIT):
            raise TimeoutError("fsync never released")
        os.fsync(fd)


@asynccontextmanager
async def stalling_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Server]:
    StallingVfs.entered.clear()
    StallingVfs.release.clear()

    def make_backend(kind: str, path: str, fd_budget: int = 1024) -> Any:
        return StallingVfs(path)

    monkeypatch.setattr(nfsrdma.server, "make_backend", make_backend)
    cfg = ServerConfig(export_paths=[tmp_path / "export"], listen=["127.0.0.1"], nfs_port=0,
                       mount_port=0, rdma="off", state_dir=tmp_path / "state",
                       register_rpcbind=False, pool_mib=16)
    srv = Server(cfg)
    await srv.start()
    try:
        yield srv
    finally:
        StallingVfs.release.set()
        await srv.stop(grace=2.0)


async def _entered() -> bool:
    return await asyncio.to_thread(StallingVfs.entered.wait, WAIT)


@pytest.mark.parametrize("how", ["commit", "file_sync_write"])
async def test_stalled_fsync_does_not_delay_getattr_elsewhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    async with stalling_server(tmp_path, monkeypatch) as srv:
        port = srv.ports["nfs"]
        rpc_a = await RpcTcpClient.connect("127.0.0.1", port, timeout=WAIT)
        rpc_b = await RpcTcpClient.connect("127.0.0.1", port, timeout=WAIT)
        try:
            root = await mount(rpc_a, str((tmp_path / "export").resolve()).encode(), CRED)
            a, b = Nfs3Client(rpc_a, CRED), Nfs3Client(rpc_b, CRED)
            fh = await a.create(root, b"f")
            data = os.urandom(8192)
            if how == "commit":
                unstable = await a.write(fh, 0, data, stable=0)
                stalled = asyncio.create_task(a.commit(fh))
            else:
                stalled = asyncio.create_task(a.write(fh, 0, data, stable=2))
            assert await _entered(), "the server never reached fsync"

            attrs = await asyncio.wait_for(b.getattr(fh), WAIT)  # another connection
            assert attrs.size == len(data)
            assert not StallingVfs.release.is_set()
            assert not stalled.done(), "the fsync'ing call answered before its fsync returned"

            StallingVfs.release.set()
            res = await asyncio.wait_for(stalled, WAIT)
            if how == "commit":
                assert bytes(res.verf) == bytes(unstable.verf)
            else:
                assert res.count == len(data) and res.committed == 2
            assert (tmp_path / "export" / "f").read_bytes() == data
        finally:
            await rpc_a.close()
            await rpc_b.close()


# -- reverse DNS for wildcard export rules ----------------------------------------------------

JUKEBOX = 10008


class BlockingResolver(DnsResolver):
    """DNS whose reverse lookups wait for ``release`` (a slow name server, held by the test);
    127.0.0.1 is then found to be ``client.wild.test``, forward-confirmed."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()
        self.release = threading.Event()
        self.calls = 0

    def lookup_forward(self, name: str) -> set[IPAddress]:
        import ipaddress

        return {ipaddress.ip_address("127.0.0.1")} if name == "client.wild.test" else set()

    def lookup_reverse(self, addr: IPAddress) -> str | None:
        self.calls += 1
        self.entered.set()
        if not self.release.wait(WAIT):
            return None
        return "client.wild.test" if str(addr) == "127.0.0.1" else None


async def _connect_from(port: int, source: str) -> RpcTcpClient:
    """An RPC client whose connection comes from ``source`` (another loopback address)."""
    import socket

    async def bound(host: str, port: int) -> socket.socket:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.bind((source, 0))
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (host, port))
        return sock

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(RpcTcpClient, "_reserved_socket", staticmethod(bound))
        return await RpcTcpClient.connect("127.0.0.1", port, privileged_port=True, timeout=WAIT)


async def test_blocked_reverse_dns_does_not_delay_other_clients(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """127.0.0.1 is allowed only through ``*.wild.test``; 127.0.0.2 by its address."""
    export = tmp_path / "export"
    export.mkdir()
    (export / "f").write_bytes(b"x" * 100)
    path = str(export.resolve())
    resolver = BlockingResolver()
    table = ExportTable.from_text(
        f"{path} 127.0.0.2(rw,no_root_squash,insecure) *.wild.test(rw,no_root_squash,insecure)\n",
        resolver=resolver)
    monkeypatch.setattr(nfsrdma.server, "load_exports", lambda cfg: table)
    cfg = ServerConfig(export_paths=[export], listen=["127.0.0.1"], nfs_port=0, mount_port=0,
                       rdma="off", state_dir=tmp_path / "state", register_rpcbind=False,
                       pool_mib=16)
    srv = Server(cfg)
    await srv.start()
    port = srv.ports["nfs"]
    wild = await RpcTcpClient.connect("127.0.0.1", port, timeout=WAIT)
    other = await _connect_from(port, "127.0.0.2")
    try:
        root = await mount(other, path.encode(), CRED)  # no wildcard needed: no DNS
        b = Nfs3Client(other, CRED)
        fh = await b.lookup(root, b"f")
        assert resolver.calls == 0

        # The wildcard client's MNT waits for its name; nobody else does.
        mnt = asyncio.create_task(mount(wild, path.encode(), CRED))
        assert await asyncio.to_thread(resolver.entered.wait, WAIT)
        a = Nfs3Client(wild, CRED)
        with pytest.raises(NfsCallError) as ei:  # undecided: retry later, never a wrong answer
            await asyncio.wait_for(a.getattr(root), WAIT)
        assert ei.value.status == JUKEBOX
        attrs = await asyncio.wait_for(b.getattr(fh), WAIT)  # another client, answered now
        assert attrs.size == 100
        assert not resolver.release.is_set() and not mnt.done()

        resolver.release.set()
        assert await asyncio.wait_for(mnt, WAIT) == root
        attrs = await asyncio.wait_for(a.getattr(fh), WAIT)  # the name landed: the rule applies
        assert attrs.size == 100
        assert resolver.calls == 1  # looked up once, then cached
    finally:
        resolver.release.set()
        await wild.close()
        await other.close()
        await srv.stop(grace=2.0)
