"""Server memory under each starvation attack of issue 12 (TCP on loopback, RDMA on the soft
provider), against a server process of its own: its RSS, sampled from /proc while the attack
runs, stays under what the attack may cost by design, the pool (``--pool-mib``) plus a stated
cost per attacking connection (docs/hostile-clients.md lists them):

==========================================  =====================================
attack                                      cost per connection beyond the pool
==========================================  =====================================
idle TCP connection                         IDLE_TCP (its protocol objects, buffers)
TCP non-reader pipelining 1 MiB READs       NON_READER_TCP (unsent reply heads)
half-sent small TCP records                 IDLE_TCP (the record's pages are pool)
idle RDMA connection (soft provider)        IDLE_RDMA (QP, CQs, wire buffers)
RDMA client that never reposts Receives     NON_READER_RDMA
==========================================  =====================================

Heap growth (RssAnon) is held to the per-connection costs alone; VmRSS may grow by the pool
as well (its shared pages count once touched). ``NFSRDMA_HOSTILE_CONNS`` scales the idle
and non-reader counts (100 by default for idle, 20 for non-readers).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from nfsrdma.nfs3 import xdr
from tests.helpers import ServerProc, free_port
from tests.nfsrdma._nfs import NFS_PROG, NFS_VERS, PROC, Nfs, RawConn, encode, fh, mark, mount_root
from tests.nfsrdma.test_hostile_tcp import attacker, records, running
from tests.transport.rdma._rdma import RawClient, rpc_call
from transport.rdma.proto import Chunk

KIB, MIB = 1 << 10, 1 << 20
POOL_MIB = 32
SERVED_WITHIN = 1.0
# Stated costs per attacking connection, beyond the pool (measured: see each test's print).
IDLE_TCP = 32 * KIB
NON_READER_TCP = 256 * KIB
IDLE_RDMA = 64 * KIB
NON_READER_RDMA = 128 * KIB
SCALE = int(os.environ.get("NFSRDMA_HOSTILE_CONNS", "0"))


def _status(pid: int) -> dict[str, int]:
    out = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        k, _, v = line.partition(":")
        if k in ("VmRSS", "RssAnon"):
            out[k] = int(v.split()[0]) * KIB
    return out


class Rss:
    """Samples a process's VmRSS and RssAnon every 50 ms from a thread: the base, and the
    peaks while the attack runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.base = _status(pid)
        self.peak = dict(self.base)
        self._stop = threading.Event()
        self._t = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            with contextlib.suppress(OSError):
                for k, v in _status(self.pid).items():
                    self.peak[k] = max(self.peak[k], v)

    def __enter__(self) -> Rss:
        self._t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._t.join()

    def check(self, what: str, conns: int, per_conn: int) -> None:
        anon = self.peak["RssAnon"] - self.base["RssAnon"]
        rss = self.peak["VmRSS"] - self.base["VmRSS"]
        print(f"{what}: {conns} connections, heap +{anon >> 10} KiB "
              f"({anon // max(conns, 1) >> 10} KiB each), VmRSS +{rss >> 10} KiB; "
              f"bound {per_conn >> 10} KiB each (+ the {POOL_MIB} MiB pool for VmRSS)")
        assert anon <= conns * per_conn, (anon, conns * per_conn)
        assert rss <= (POOL_MIB << 20) + conns * per_conn, (rss, conns * per_conn)


@contextlib.contextmanager
def server(tmp_path: Path, *extra: str) -> Iterator[tuple[ServerProc, int]]:
    with running(tmp_path, "--pool-mib", str(POOL_MIB), *extra) as (srv, _metrics):
        assert srv.proc is not None
        time.sleep(0.3)  # settled after start-up
        yield srv, srv.proc.pid


def getattr_served(port: int, root: bytes) -> None:
    with RawConn(port, timeout=SERVED_WITHIN) as c:
        assert Nfs(c).getattr(root)[0] == 0


def test_idle_tcp_connections_cost_a_bounded_heap(tmp_path: Path) -> None:
    n = SCALE or 300
    with server(tmp_path) as (srv, pid):
        root = mount_root(srv.mount_port, srv.export_path)
        socks = []
        with Rss(pid) as rss:
            try:
                for _ in range(n):
                    socks.append(socket.create_connection(("127.0.0.1", srv.nfs_port)))
                time.sleep(1.0)
                getattr_served(srv.nfs_port, root)
            finally:
                for s in socks:
                    s.close()
        rss.check("idle TCP", n, IDLE_TCP)


def test_half_sent_records_cost_pool_pages_not_heap(tmp_path: Path) -> None:
    n = SCALE or 200
    with server(tmp_path) as (srv, pid):
        root = mount_root(srv.mount_port, srv.export_path)
        half = mark(16 << 10) + b"\0" * 200
        socks = []
        with Rss(pid) as rss:
            try:
                for _ in range(n):
                    s = attacker(srv.nfs_port)
                    s.sendall(half)
                    socks.append(s)
                time.sleep(1.0)
                getattr_served(srv.nfs_port, root)
            finally:
                for s in socks:
                    s.close()
        rss.check("half-sent TCP records", n, IDLE_TCP)


def test_tcp_non_readers_cost_a_bounded_heap(tmp_path: Path) -> None:
    n = SCALE or 20
    with server(tmp_path) as (srv, pid):
        (srv.export / "big").write_bytes(os.urandom(MIB))
        root = mount_root(srv.mount_port, srv.export_path)
        with RawConn(srv.nfs_port) as c:
            big = Nfs(c).lookup_fh(root, b"big")
        read = encode(xdr.READ3args, xdr.READ3args.cls(fh(big), 0, MIB))
        flood = records(NFS_PROG, NFS_VERS, PROC["READ"], read, 32)
        socks = []
        with Rss(pid) as rss:
            try:
                for i in range(n):
                    s = attacker(srv.nfs_port, host=f"127.0.0.{2 + i % 4}")
                    s.setblocking(False)
                    with contextlib.suppress(BlockingIOError):
                        s.send(flood)
                    socks.append(s)
                time.sleep(1.5)
                getattr_served(srv.nfs_port, root)
            finally:
                for s in socks:
                    s.close()
        rss.check("TCP non-readers (1 MiB READs)", n, NON_READER_TCP)


async def _rdma_attack(tmp_path: Path, n: int, never_repost: bool, per_conn: int,
                       what: str) -> None:
    port = free_port()
    with server(tmp_path, "--rdma", "on", "--verbs", "soft", "--rdma-port", str(port)) as (
            srv, pid):
        (srv.export / "big").write_bytes(os.urandom(MIB))
        root = mount_root(srv.mount_port, srv.export_path)
        with RawConn(srv.nfs_port) as c:
            big = Nfs(c).lookup_fh(root, b"big")
        await asyncio.sleep(0.3)
        args = xdr.READ3args.pack(xdr.READ3args.cls(xdr.nfs_fh3.cls(big), 0, MIB))
        raws: list[RawClient] = []
        with Rss(pid) as rss:
            try:
                for i in range(n):
                    if never_repost:
                        raw = await RawClient.connect(port, nrecv=1, nsend=32,
                                                      source=f"127.0.0.{2 + i % 4}")
                        for _ in range(32):
                            xid = raw.next_xid()
                            raw.post(raw.msg(xid, rpc_call(xid, 6, args),
                                             write=(Chunk(0, (raw.segment(0, MIB),)),),
                                             credits=128))
                    else:
                        raw = await RawClient.connect(port, nrecv=2, nsend=2, data_size=4096,
                                                      source=f"127.0.0.{2 + i % 4}")
                    raws.append(raw)
                await asyncio.sleep(1.5)
                await asyncio.to_thread(getattr_served, srv.nfs_port, root)
            finally:
                for raw in raws:
                    with contextlib.suppress(Exception):
                        await raw.close()
        rss.check(what, n, per_conn)


async def test_idle_rdma_connections_cost_a_bounded_heap(tmp_path: Path) -> None:
    await _rdma_attack(tmp_path, SCALE or 100, False, IDLE_RDMA, "idle RDMA")


async def test_rdma_clients_that_never_repost_cost_a_bounded_heap(tmp_path: Path) -> None:
    await _rdma_attack(tmp_path, SCALE or 8, True, NON_READER_RDMA,
                       "RDMA never reposting (1 MiB READs)")
