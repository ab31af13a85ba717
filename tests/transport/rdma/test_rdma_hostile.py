"""Hostile RDMA clients (issue 12): none of them may take RPC-over-RDMA from the others.

Each test plays one attack from the issue with a raw client on the soft fabric (which behaves
like a real RC device) against an in-process server, and asserts a normal client is still
served while it runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import os
from pathlib import Path

from nfsrdma.nfs3 import xdr
from tests.transport.rdma._rdma import (
    RawClient,
    Scrape,
    connect,
    export_path,
    nfs_session,
    no_leaks,
    rdma_port,
    rpc_call,
    running_server,
    wait_until,
    works,
)
from transport.rdma.conn import BACKCHANNEL_SLOTS, INITIAL_CREDITS
from transport.rdma.proto import Chunk
from transport.rdma.verbs import SendWR, WcStatus, WrOpcode

MIB = 1 << 20


async def _served_within_a_second(srv: object, fh: bytes, data: bytes) -> None:
    """A normal client (127.0.0.1) connects, mounts and READs 1 MiB: all within 1 s."""
    async def session() -> None:
        rpc = await connect(srv)
        try:
            c, _ = await nfs_session(rpc, export_path(srv))
            got = await c.read(fh, 0, MIB)
            assert got[0] == data
        finally:
            await rpc.close()

    await asyncio.wait_for(session(), 1.0)


async def test_send_with_invalidate_naming_the_pool_rkey_does_not_kill_rdma(
        tmp_path: Path) -> None:
    """One SEND_WITH_INV naming the server's pool R_key used to deregister the pool MR (RDMA
    dead until restart).  A real device never lets a peer invalidate an ibv_reg_mr MR: the
    attacker's own connection fails, and everyone else goes on."""
    async with running_server(tmp_path) as srv:
        pool_mr = srv.rdma.pool_mr
        raw = await RawClient.connect(rdma_port(srv))
        try:
            msg = raw.msg(raw.next_xid(), rpc_call(raw.xid))
            raw.buf[: len(msg)] = msg
            raw.qp.post_send(SendWR(0, WrOpcode.SEND_WITH_INV, [raw.mr.sge(0, len(msg))],
                                    invalidate_rkey=pool_mr.rkey))
            wc = await raw.sends.get()
            assert wc.status is WcStatus.REM_OP_ERR
            await wait_until(lambda: not srv.rdma.conns, "the attacker's connection closed")
        finally:
            await raw.close()
        assert pool_mr.valid
        await works(srv)
        await works(srv)
        await no_leaks(srv)


async def test_clients_that_never_repost_receives_do_not_pin_the_pool(tmp_path: Path) -> None:
    """Two hosts each pipeline 128 READs of 1 MiB and never repost a Receive (their replies'
    Sends never complete).  They used to pin the whole pool; now each connection pins at most
    its budget, a normal client's 1 MiB READ is served within 1 s while they hold on, and
    once the stall timeout passes they are closed and every page comes back."""
    async with running_server(tmp_path, pool_mib=64, metrics=True) as srv:
        assert srv.pool is not None
        data = os.urandom(MIB)
        (Path(export_path(srv).decode()) / "f").write_bytes(data)
        rpc = await connect(srv)
        c, root = await nfs_session(rpc, export_path(srv))
        fh = await c.lookup(root, b"f")
        await rpc.close()
        limits = srv.rdma.budgets.limits
        attackers = [await RawClient.connect(rdma_port(srv), nrecv=1, nsend=128,
                                             source=f"127.0.0.{i}") for i in (2, 3)]
        try:
            args = xdr.READ3args.pack(xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), 0, MIB))
            for raw in attackers:
                for _ in range(128):
                    xid = raw.next_xid()
                    raw.post(raw.msg(xid, rpc_call(xid, 6, args),
                                     write=(Chunk(0, (raw.segment(0, MIB),)),), credits=128))
            # Let them take what they can: their budgets fill with READs whose Sends hang.
            hosts = ("127.0.0.2", "127.0.0.3")
            await wait_until(lambda: all(
                h in srv.rdma.budgets.clients
                and srv.rdma.budgets.clients[h].pages >= limits.conn_pages // 2 for h in hosts),
                "attackers holding pages")
            await asyncio.sleep(0.2)
            for h in hosts:
                assert srv.rdma.budgets.clients[h].pages <= limits.conn_pages + 2 * 257
            await _served_within_a_second(srv, fh, data)
            assert srv.pool.used_pages() < srv.pool.npages // 2
            # No progress for the stall timeout: closed, their pages returned.
            srv.rdma.budgets.limits = dataclasses.replace(limits, stall_timeout=0.3)
            await wait_until(lambda: not srv.rdma.conns, "the stalled attackers closed")
            scrape = Scrape.from_port(srv.ports["metrics"])
            assert scrape.value("nfsrdma_connections_evicted_total", transport="rdma",
                                reason="stalled") == 2
        finally:
            for raw in attackers:
                await raw.close()
        await no_leaks(srv)
        await works(srv)


async def test_idle_connections_cost_a_small_ring_and_make_room(tmp_path: Path) -> None:
    """Idle RDMA connections used to take 130 pool pages each (520 exhausted a 256 MiB pool,
    then new connections hung).  A ring now starts at INITIAL_CREDITS + 2 Receives; all rings
    together stay within a quarter of the pool, the oldest idle connection is evicted to make
    room, and a new client is served at once."""
    async with running_server(tmp_path, pool_mib=16, metrics=True) as srv:
        assert srv.pool is not None
        lst = srv.rdma
        per_conn = (INITIAL_CREDITS + BACKCHANNEL_SLOTS) * lst.recv_pages
        n = 2 * lst.ring_cap // per_conn  # twice what the ring allowance holds
        idle = [await RawClient.connect(rdma_port(srv), nrecv=2, nsend=2, data_size=4096)
                for _ in range(n)]
        try:
            assert lst.ring_pages <= lst.ring_cap <= srv.pool.npages // 4
            assert srv.pool.used_pages() <= lst.ring_cap
            assert len(lst.conns) <= lst.ring_cap // per_conn
            await asyncio.wait_for(works(srv), 1.0)
            scrape = Scrape.from_port(srv.ports["metrics"])
            assert scrape.value("nfsrdma_connections_evicted_total", transport="rdma",
                                reason="make_room") >= n - lst.ring_cap // per_conn
        finally:
            for raw in idle:
                with contextlib.suppress(Exception):
                    await raw.close()
        await no_leaks(srv)


async def test_connection_cap_evicts_the_oldest_idle_and_idle_timeout(tmp_path: Path) -> None:
    """At --max-connections the oldest idle connection makes room for a new client; a busy
    listener refuses instead; idle connections go after the idle timeout."""
    async with running_server(tmp_path, metrics=True) as srv:
        lst = srv.rdma
        lst.max_connections = 4
        idle = [await RawClient.connect(rdma_port(srv), nrecv=2, nsend=2, data_size=4096)
                for _ in range(4)]
        try:
            await wait_until(lambda: len(lst.conns) == 4, "four connections")
            oldest = min(lst.conns, key=lambda ep: ep.last_active)
            await asyncio.wait_for(works(srv), 1.0)  # the 5th: the oldest idle one goes
            assert oldest.closed
            scrape = Scrape.from_port(srv.ports["metrics"])
            assert scrape.value("nfsrdma_connections_evicted_total", transport="rdma",
                                reason="make_room") == 1
            lst.idle_timeout = 0.2
            await wait_until(lambda: not lst.conns, "idle connections closed")
            scrape = Scrape.from_port(srv.ports["metrics"])
            assert scrape.value("nfsrdma_connections_evicted_total", transport="rdma",
                                reason="idle") >= 3
        finally:
            for raw in idle:
                with contextlib.suppress(Exception):
                    await raw.close()
        await no_leaks(srv)


async def test_a_full_listener_of_busy_connections_refuses(tmp_path: Path) -> None:
    """At the cap with no idle connection to evict, a new connection is refused (counted),
    not left hanging."""
    from transport.rdma.verbs import RejectedError

    async with running_server(tmp_path, metrics=True) as srv:
        lst = srv.rdma
        lst.max_connections = 1
        busy = await RawClient.connect(rdma_port(srv), nrecv=1, nsend=4, data_size=4096)
        try:
            for _ in range(2):  # the second reply finds no Receive: its Send stays posted
                xid = busy.next_xid()
                busy.post(busy.msg(xid, rpc_call(xid)))
            await wait_until(lambda: any(ep.sends_pending() for ep in lst.conns), "busy")
            try:
                rpc = await connect(srv)
            except RejectedError:
                pass
            else:
                await rpc.close()
                raise AssertionError("a connection beyond the cap was accepted")
            scrape = Scrape.from_port(srv.ports["metrics"])
            assert scrape.value("nfsrdma_connections_refused_total", transport="rdma",
                                reason="max_connections") == 1
        finally:
            await busy.close()
        await no_leaks(srv)
