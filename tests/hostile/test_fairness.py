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
import time
from collections.abc import Iterator
from pathlib import Path

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.client import Nfs3Client, mount
from rpc.auth import AuthSys
from tests.helpers import ROOT, free_port
from tests.nfsrdma._nfs import Nfs, RawConn, encode, fh, mount_root
from tests.nfsrdma.test_hostile_tcp import running
from tests.transport.rdma._rdma import RawClient, Scrape, rpc_call
from transport.client.rdma import RpcRdmaClient
from transport.rdma.proto import Chunk
from transport.rdma.verbs.soft import SoftProvider

SERVED_WITHIN = 1.0
READDIRPLUS = 17
ADDRESSES = [f"127.0.0.{i}" for i in range(2, 6)]
CONNS_PER_ADDRESS = int(os.environ.get("NFSRDMA_HOSTILE_FLOOD_CONNS", "16"))


def big_dir(export: Path, n: int = 600) -> None:
    d = export / "d"
    d.mkdir()
    for i in range(n):
        (d / f"entry-{i:05d}-{'x' * 40}").touch()


def readdirplus_args(dfh: bytes) -> bytes:
    return encode(xdr.READDIRPLUS3args,
                  xdr.READDIRPLUS3args.cls(fh(dfh), 0, b"\0" * 8, 16 << 10, 16 << 10))


@contextlib.contextmanager
def flooding(port: int, args: bytes) -> Iterator[list[int]]:
    """The flooders (tests/hostile/_flood.py) in a process of their own; yields a list that
    holds, once they are stopped, [replies in all, fewest replies of one connection]."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.hostile._flood", str(port), args.hex(),
         ",".join(ADDRESSES), str(CONNS_PER_ADDRESS)],
        cwd=ROOT, env=dict(os.environ, PYTHONPATH=str(ROOT)), stdout=subprocess.PIPE, text=True)
    counts: list[int] = []
    try:
        yield counts
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
        lines = out.split()
        counts += [int(lines[-2]), int(lines[-1])] if len(lines) >= 2 else [0, 0]


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


# -- RPC-over-RDMA (the soft provider) ---------------------------------------------------------

RDMA_REPLY = 32 << 10  # each flooder call's Reply chunk (its READDIRPLUS reply is ~16 KiB)


async def rdma_flooder(port: int, host: str, args: bytes, depth: int, stop: asyncio.Event,
                       replies: list[int]) -> None:
    """One RDMA connection from ``host`` keeping ``depth`` READDIRPLUS calls outstanding
    (each with a Reply chunk), one more posted per reply received."""
    raw = await RawClient.connect(port, nrecv=depth, nsend=depth, data_size=depth * RDMA_REPLY,
                                  source=host)
    try:
        def post(slot: int) -> None:
            xid = raw.next_xid()
            raw.post(raw.msg(xid, rpc_call(xid, READDIRPLUS, args),
                             reply=Chunk(0, (raw.segment(slot * RDMA_REPLY, RDMA_REPLY),)),
                             credits=depth))

        for i in range(depth):
            post(i)
        i = 0
        while not stop.is_set():
            try:
                await asyncio.wait_for(raw.recv_wc(), 5)
            except TimeoutError:
                continue
            while not raw.sends.empty():  # Send completions: not kept
                raw.sends.get_nowait()
            replies[0] += 1
            post(i % depth)
            i += 1
    finally:
        await raw.close()


async def test_readdirplus_flooders_do_not_starve_a_getattr_rdma(tmp_path: Path) -> None:
    """The same over RPC-over-RDMA on the soft provider, against a server process of its own:
    four addresses with four connections each keeping 16 READDIRPLUS outstanding; a normal
    client (its own connection, mounted before) has each GETATTR answered within 1 s."""
    port = free_port()
    with running(tmp_path, "--rdma", "on", "--verbs", "soft", "--rdma-port", str(port)) as (
            srv, metrics):
        big_dir(srv.export)
        await asyncio.sleep(0.5)  # the RDMA listener opens after TCP's
        rpc = await RpcRdmaClient.connect("127.0.0.1", port, provider=SoftProvider(),
                                          pool_mib=16, timeout=30)
        try:
            c = Nfs3Client(rpc, AuthSys(0, 0))
            root = await mount(rpc, os.fsencode(srv.export_path), AuthSys(0, 0))
            dfh = await c.lookup(root, b"d")
            args = readdirplus_args(dfh)
            stop, replies = asyncio.Event(), [0]
            flood = [asyncio.create_task(rdma_flooder(port, h, args, 16, stop, replies))
                     for h in ADDRESSES for _ in range(4)]
            try:
                await asyncio.sleep(1.0)
                lat = []
                end = time.monotonic() + 5.0
                while time.monotonic() < end:
                    t = time.monotonic()
                    await asyncio.wait_for(c.getattr(root), SERVED_WITHIN)
                    lat.append(time.monotonic() - t)
                    await asyncio.sleep(0.05)
            finally:
                stop.set()
                await asyncio.gather(*flood, return_exceptions=True)
            lat.sort()
            print(f"RDMA GETATTR under flood: n={len(lat)} median {lat[len(lat) // 2] * 1e3:.0f} "
                  f"ms max {lat[-1] * 1e3:.0f} ms; flooders' replies {replies[0]}")
            assert replies[0] > 0
        finally:
            await rpc.close()
        assert Scrape.from_port(metrics).value("nfsrdma_internal_errors_total") == 0
