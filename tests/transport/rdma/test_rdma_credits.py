"""Credits end to end: a server granting 4 credits, a client that respects them, and a raw
client that does not.

What this adds beyond tests/transport/rdma/proto/test_credits.py (the grant arithmetic): our
client never has more calls outstanding than the grant, the server never has more calls in
progress than it granted to a well-behaved client, a client that ignores credits is held by
the fabric (RNR: its Sends wait for reposted receives) rather than failing, and nothing
deadlocks with 500 calls queued on one connection.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from tests.transport.rdma._rdma import (
    NFS_PROG,
    NFS_VERS,
    ROOT_CRED,
    RawClient,
    connect,
    export_path,
    nfs_session,
    no_leaks,
    only_conn,
    rdma_port,
    rpc_call,
    running_server,
)
from transport.rdma.proto import TransportHeader

CREDITS = 4


async def test_client_waits_for_credits_500_calls(tmp_path: Path) -> None:
    async with running_server(tmp_path, credits=CREDITS) as srv:
        rpc = await connect(srv, credits=64)
        ep = await only_conn(srv)
        assert ep.max_credits == CREDITS
        outstanding: list[int] = []
        in_progress: list[int] = []
        send = rpc.ep.send

        async def counting_send(*a: Any, **kw: Any) -> None:
            outstanding.append(len(rpc.ep.pending))
            await send(*a, **kw)

        rpc.ep.send = counting_send  # type: ignore[method-assign]
        on_receive = ep.on_receive

        def counting_receive(*a: Any) -> None:
            on_receive(*a)
            in_progress.append(ep.in_use)

        ep.on_receive = counting_receive  # type: ignore[method-assign]

        replies = await asyncio.gather(*(
            rpc.call(NFS_PROG, NFS_VERS, 0, b"", ROOT_CRED) for _ in range(500)))
        assert len({r.xid for r in replies}) == 500
        for r in replies:
            r.release()
        assert rpc.ep.credits == CREDITS  # asked for 64, granted 4
        assert len(outstanding) == 500 and max(outstanding) <= CREDITS
        assert max(outstanding) == CREDITS  # and it used them all
        assert len(in_progress) == 500 and max(in_progress) <= CREDITS
        await rpc.close()
        await no_leaks(srv)


async def test_flood_beyond_credits_is_held_not_lost(tmp_path: Path) -> None:
    """A raw client posts 40 Sends at once against a ring of CREDITS + 2 receives: the fabric
    holds the excess until receives are reposted, and every call is answered."""
    n = 40
    async with running_server(tmp_path, credits=CREDITS) as srv:
        c = await RawClient.connect(rdma_port(srv), nrecv=n, nsend=n)
        ep = await only_conn(srv)
        assert ep.recv_count == CREDITS + 2 < n
        xids = []
        for _ in range(n):
            xid = c.next_xid()
            xids.append(xid)
            c.post(c.msg(xid, rpc_call(xid), credits=n))
        # The Sends reach the server QP together: beyond its posted receives they wait
        # (RNR), held by the fabric until the server reposts.
        await asyncio.sleep(0)
        assert len(ep.qp._stalled) >= n - ep.recv_count
        got = []
        for _ in range(n):
            hdr = await c.recv_header()
            assert isinstance(hdr, TransportHeader), hdr
            assert hdr.credits == CREDITS
            got.append(hdr.xid)
        assert sorted(got) == xids
        await c.close()
        await no_leaks(srv)


async def test_concurrent_read_chunks_stay_within_ord(tmp_path: Path) -> None:
    """Eight 1 MiB WRITEs at once with per-page mapping: each Read chunk needs 9 RDMA READ
    WRs, together far more than the ORD; the server spreads them so the send queue never
    refuses one, and every WRITE is answered."""
    async with running_server(tmp_path, backend="per-page") as srv:
        rpc = await connect(srv)
        c, root = await nfs_session(rpc, export_path(srv))
        fh = await c.create(root, b"f")
        ep = await only_conn(srv)
        data = os.urandom(8 << 20)
        await asyncio.gather(*(c.write(fh, i << 20, data[i << 20 : (i + 1) << 20])
                               for i in range(8)))
        assert ep.ord < 8 * 9
        assert not ep.closed and ep.rd_free == ep.ord
        assert (Path(export_path(srv).decode()) / "f").read_bytes() == data
        await rpc.close()
        await no_leaks(srv)
