"""CPU fairness under flooding clients (issue 12): a few addresses pipelining READDIRPLUS
(an expensive call) as fast as the server answers must not make a normal client's GETATTR
wait: it is answered within 1 s while they run, over TCP (raw sockets on loopback) and over
RPC-over-RDMA (the soft provider, against a server process of its own).

The flooders read their replies (a budget that stops reading non-readers does not help here:
these are well-formed clients that only want more than their share of the one event loop).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.client import Nfs3Client, mount
from rpc.auth import AuthSys
from tests.helpers import ROOT, ServerProc, free_port
from tests.nfsrdma._nfs import Nfs, RawConn, encode, fh, mount_root
from tests.nfsrdma.test_hostile_tcp import running
from tests.transport.rdma._rdma import Scrape
from transport.client.rdma import RpcRdmaClient
from transport.rdma.verbs.soft import SoftProvider

SERVED_WITHIN = 1.0
READDIRPLUS = 17
ADDRESSES = [f"127.0.0.{i}" for i in range(2, 6)]
CONNS_PER_ADDRESS = int(os.environ.get("NFSRDMA_HOSTILE_FLOOD_CONNS", "16"))
RDMA_CONNS = 4  # RDMA connections per flooding address


def big_dir(export: Path, n: int = 600) -> None:
    d = export / "d"
    d.mkdir()
    for i in range(n):
        (d / f"entry-{i:05d}-{'x' * 40}").touch()


def readdirplus_args(dfh: bytes) -> bytes:
    return encode(xdr.READDIRPLUS3args,
                  xdr.READDIRPLUS3args.cls(fh(dfh), 0, b"\0" * 8, 16 << 10, 16 << 10))


@contextlib.contextmanager
def flooding(port: int, args: bytes, mode: str = "tcp", conns: int = CONNS_PER_ADDRESS,
             addresses: list[str] = ADDRESSES) -> Iterator[list[int]]:
    """The flooders (tests/hostile/_flood.py) in a process of their own, ``conns`` connections
    from each of ADDRESSES; yields once every connection is made and has sent its first
    calls, a list that holds, once they are stopped, [replies in all, fewest replies of one
    connection]."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.hostile._flood", mode, str(port), args.hex(),
         ",".join(addresses), str(conns)],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stdout or ()), daemon=True)
    reader.start()
    counts: list[int] = []
    try:
        deadline = time.monotonic() + 60
        while not lines:  # the flood is connected (startup is slow on a loaded machine)
            assert proc.poll() is None, "the flooders exited"
            assert time.monotonic() < deadline, "the flooders did not connect within 60 s"
            time.sleep(0.05)
        yield counts
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        reader.join(timeout=30)
        last = lines[-1].split() if lines else []
        counts += [int(last[0]), int(last[1])] if len(last) == 2 else [0, 0]


def getattr_latencies(n: Nfs, f: bytes, seconds: float) -> list[float]:
    """A normal client's GETATTRs, one at a time for ``seconds`` (its socket's timeout fails
    the test past 10 s; the caller asserts the 1 s)."""
    out = []
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        t = time.monotonic()
        st, _ = n.getattr(f)
        out.append(time.monotonic() - t)
        assert st == 0
        time.sleep(0.05)
    return out


def test_readdirplus_flooders_do_not_starve_a_getattr_tcp(tmp_path: Path) -> None:
    """Four addresses, each with CONNS_PER_ADDRESS connections of 16 pipelined READDIRPLUS
    (16 KiB replies of a 600-entry directory): a mounted client from a fifth address has each
    GETATTR answered within 1 s for 5 s of flood, and the flooders are served too. Without
    the busy caps (--running-calls 0) the same flood kept a GETATTR waiting 2.9 s to over 20 s
    on a loaded machine: the flood's backlog of 1,024 calls ran ahead of it on the loop."""
    with running(tmp_path) as (srv, metrics):
        big_dir(srv.export)
        root = mount_root(srv.mount_port, srv.export_path)
        with RawConn(srv.nfs_port) as c:
            dfh = Nfs(c).lookup_fh(root, b"d")
        with RawConn(srv.nfs_port, timeout=10) as normal, flooding(
                srv.nfs_port, readdirplus_args(dfh)) as counts:
            time.sleep(1.0)  # the flood is running
            lat = getattr_latencies(Nfs(normal), root, 5.0)
        print(f"GETATTR under flood: n={len(lat)} median {sorted(lat)[len(lat) // 2] * 1e3:.0f}"
              f" ms max {max(lat) * 1e3:.0f} ms; flooders' replies {counts[0]}; "
              f"{[round(x, 2) for x in lat]}")
        assert max(lat) < SERVED_WITHIN
        assert counts[0] > 0  # the flooders are served too
        assert Scrape.from_port(metrics).value("nfsrdma_internal_errors_total") == 0


def test_a_client_connecting_during_the_flood_is_served_tcp(tmp_path: Path) -> None:
    """The same flood; clients that connect only once it runs (1 s in) have their first
    GETATTR answered within 1 s, connection included. Before the server accepted in batches
    (transport.tcp.listen) the first waited 1.17-2.1 s: uvloop accepts one connection per
    loop turn, a turn under the flood lasts 50-100 ms, and the flood's own 64 connections
    were still queued on the listening socket ahead of it."""
    with running(tmp_path) as (srv, metrics):
        big_dir(srv.export)
        root = mount_root(srv.mount_port, srv.export_path)
        with RawConn(srv.nfs_port) as c:
            dfh = Nfs(c).lookup_fh(root, b"d")
        firsts = []
        with flooding(srv.nfs_port, readdirplus_args(dfh)) as counts:
            time.sleep(1.0)  # the flood is running
            for _ in range(5):
                t0 = time.monotonic()
                with RawConn(srv.nfs_port, timeout=10) as late:
                    st, _ = Nfs(late).getattr(root)
                assert st == 0
                firsts.append(time.monotonic() - t0)
        print(f"connect + first GETATTR under flood: {[round(x, 2) for x in firsts]}; "
              f"flooders' replies {counts[0]}")
        assert max(firsts) < SERVED_WITHIN
        assert counts[0] > 0
        assert Scrape.from_port(metrics).value("nfsrdma_internal_errors_total") == 0


def test_every_connection_of_a_flooding_address_is_served_tcp(tmp_path: Path) -> None:
    """One address, 8 connections each keeping 16 READDIRPLUS pipelined: every connection
    gets replies, not only the first to use the address's share of a loop turn. Before the
    address's deferred connections were served in turn (TcpRpcServer._serve_turn), each one
    deferred found the share spent by the same first connection, turn after turn: in 3 s
    the fewest replies of one connection was 0 while the first had hundreds."""
    with running(tmp_path) as (srv, metrics):
        big_dir(srv.export)
        root = mount_root(srv.mount_port, srv.export_path)
        with RawConn(srv.nfs_port) as c:
            dfh = Nfs(c).lookup_fh(root, b"d")
        with flooding(srv.nfs_port, readdirplus_args(dfh), conns=8,
                      addresses=ADDRESSES[:1]) as counts:
            time.sleep(3.0)
        print(f"one address, 8 connections: replies {counts[0]}, fewest of one {counts[1]}")
        assert counts[0] > 0
        assert counts[1] >= counts[0] // 8 // 4  # each has at least a quarter of a fair part
        assert Scrape.from_port(metrics).value("nfsrdma_internal_errors_total") == 0


# -- RPC-over-RDMA (the soft provider) ---------------------------------------------------------

@contextlib.asynccontextmanager
async def rdma_server(tmp_path: Path) -> AsyncIterator[tuple[ServerProc, int, int]]:
    """A server process with RPC-over-RDMA on the soft provider and the big directory:
    (server, metrics port, RDMA port), once its RDMA listener is open."""
    port = free_port()
    with running(tmp_path, "--rdma", "on", "--verbs", "soft", "--rdma-port", str(port)) as (
            srv, metrics):
        big_dir(srv.export)
        await asyncio.sleep(0.5)  # the RDMA listener opens after TCP's
        yield srv, metrics, port


async def test_readdirplus_flooders_do_not_starve_a_getattr_rdma(tmp_path: Path) -> None:
    """The same over RPC-over-RDMA on the soft provider, against a server process of its own:
    four addresses with four connections each keeping 16 READDIRPLUS outstanding (in a
    process of their own); a normal client (its own connection, mounted before) has each
    GETATTR answered within 1 s."""
    async with rdma_server(tmp_path) as (srv, metrics, port):
        rpc = await RpcRdmaClient.connect("127.0.0.1", port, provider=SoftProvider(),
                                          pool_mib=16, timeout=30)
        try:
            c = Nfs3Client(rpc, AuthSys(0, 0))
            root = await mount(rpc, os.fsencode(srv.export_path), AuthSys(0, 0))
            dfh = await c.lookup(root, b"d")
            with flooding(port, readdirplus_args(dfh), "rdma", RDMA_CONNS) as replies:
                await asyncio.sleep(1.0)
                lat = []
                end = time.monotonic() + 5.0
                while time.monotonic() < end:
                    t = time.monotonic()
                    await asyncio.wait_for(c.getattr(root), SERVED_WITHIN)
                    lat.append(time.monotonic() - t)
                    await asyncio.sleep(0.05)
            lat.sort()
            print(f"RDMA GETATTR under flood: n={len(lat)} median {lat[len(lat) // 2] * 1e3:.0f} "
                  f"ms max {lat[-1] * 1e3:.0f} ms; flooders' replies {replies[0]}")
            assert replies[0] > 0
        finally:
            await rpc.close()
        assert Scrape.from_port(metrics).value("nfsrdma_internal_errors_total") == 0


async def test_a_client_connecting_during_the_flood_is_served_rdma(tmp_path: Path) -> None:
    """The RDMA flood; clients that connect only once it runs (1 s in) have their first
    GETATTR answered within 1 s, the RDMA connection set-up included: the median of five
    (the soft provider's set-up is several loop turns of both sides over an emulated fabric:
    on a 2-core machine at load 12-17 one in ~15 took 1.4 s; before batch accepts and the
    vfs listing change the median was 1.3-1.7 s at that load)."""
    async with rdma_server(tmp_path) as (srv, metrics, port):
        rpc = await RpcRdmaClient.connect("127.0.0.1", port, provider=SoftProvider(),
                                          pool_mib=16, timeout=30)
        try:
            root = await mount(rpc, os.fsencode(srv.export_path), AuthSys(0, 0))
            dfh = await Nfs3Client(rpc, AuthSys(0, 0)).lookup(root, b"d")
        finally:
            await rpc.close()
        firsts = []
        with flooding(port, readdirplus_args(dfh), "rdma", RDMA_CONNS) as replies:
            await asyncio.sleep(1.0)
            for _ in range(5):
                t0 = time.monotonic()
                late = await asyncio.wait_for(RpcRdmaClient.connect(
                    "127.0.0.1", port, provider=SoftProvider(), pool_mib=4, timeout=10), 10)
                try:
                    await asyncio.wait_for(Nfs3Client(late, AuthSys(0, 0)).getattr(root), 10)
                finally:
                    firsts.append(time.monotonic() - t0)
                    await late.close()
        print(f"RDMA connect + first GETATTR under flood: {[round(x, 2) for x in firsts]}; "
              f"flooders' replies {replies[0]}")
        assert sorted(firsts)[len(firsts) // 2] < SERVED_WITHIN
        assert max(firsts) < 2 * SERVED_WITHIN
        assert replies[0] > 0
        assert Scrape.from_port(metrics).value("nfsrdma_internal_errors_total") == 0
