"""Fabric faults under a running server: dropped connections mid-I/O, failed completions, a
bad R_key.  After each: the call fails on the client, the server closes the connection, every
pool page is free again, every MR registered for I/O is deregistered, and the next client is
served.

What this adds beyond tests/transport/rdma/verbs (which prove the soft fabric raises these
faults): the server's teardown paths (conn.py `on_fatal`, listen.py `_finish`) release what
each in-flight call holds, for each DMA backend.  The server runs in the test's loop so its
pool and DMA statistics can be read directly; the fault hooks are the server provider's.
"""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

import pytest

from tests.transport.rdma._rdma import (
    connect,
    export_path,
    nfs_session,
    no_leaks,
    only_conn,
    running_server,
    server_provider,
    wait_until,
    works,
)
from transport.client.rdma import RpcRdmaClient
from transport.rdma.proto import Segment
from transport.rdma.verbs import WcStatus

BACKENDS = ["iova", "mr", "per-page"]
MIB = 1 << 20
#: Completions on the server are held this long, so that an operation is surely in flight
#: when the fault is injected (nothing is asserted about time).
HOLD_MS = 300.0


async def _file(srv: Any, name: str, data: bytes) -> None:
    (Path(export_path(srv).decode()) / name).write_bytes(data)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("op", ["READ", "WRITE"])
async def test_drop_mid_io(tmp_path: Path, backend: str, op: str) -> None:
    """Drop the connection while the server's RDMA WRITE (READ reply) or RDMA READ (WRITE's
    Read chunk) of a 1 MiB+ payload is outstanding."""
    async with running_server(tmp_path, backend) as srv:
        data = os.urandom(MIB + 4096)
        await _file(srv, "f", data)
        rpc = await connect(srv)
        c, root = await nfs_session(rpc, export_path(srv))
        fh = await c.lookup(root, b"f")
        faults = server_provider(srv).faults
        counters = srv.rdma.device.counters
        key = "wr.RDMA_WRITE" if op == "READ" else "wr.RDMA_READ"
        before = counters[key]
        faults.delay_ms = HOLD_MS
        if op == "READ":
            task = asyncio.create_task(c.read(fh, 0, len(data)))
        else:
            task = asyncio.create_task(c.write(fh, 0, data, stable=2))
        await wait_until(lambda: counters[key] > before, f"{key} posted")
        ep = await only_conn(srv)
        assert ep.in_use == 1  # the call is in flight
        assert srv.pool is not None
        held = srv.pool.used_pages()
        assert held > ep.recv_count  # ring + this call's payload pages
        faults.drop(ep.conn)
        faults.delay_ms = 0
        if op == "READ":
            # The RDMA WRITE goes out chained with the reply's Send (only completions are
            # delayed): the reply may already be with the client when the link drops.
            try:
                got, _ = await task
                assert got == data[: len(got)] and got  # one READ: rtmax caps it
            except ConnectionError:
                pass
        else:
            with pytest.raises(ConnectionError):
                await task
        await rpc.close()
        await no_leaks(srv)
        if backend == "mr":
            assert srv.rdma.stats.registrations >= 1
        await works(srv)
        await no_leaks(srv)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_failed_completion_closes_connection(tmp_path: Path, backend: str) -> None:
    async with running_server(tmp_path, backend) as srv:
        data = os.urandom(MIB)
        await _file(srv, "f", data)
        rpc = await connect(srv)
        c, root = await nfs_session(rpc, export_path(srv))
        fh = await c.lookup(root, b"f")
        ep = await only_conn(srv)
        server_provider(srv).faults.fail_next_completion(WcStatus.GENERAL_ERR, ep.qp.qp_num)
        with pytest.raises(ConnectionError):
            await c.read(fh, 0, MIB)
        assert ep.closed
        await asyncio.wait_for(rpc.conn.wait_disconnected(), 20)  # the server disconnected
        await rpc.close()
        await no_leaks(srv)
        await works(srv)


class _BadKeyClient(RpcRdmaClient):
    """Offers every chunk (Read, Write, Reply) under an R_key that does not exist."""

    def _segment(self, pages: Any) -> Segment:
        seg = super()._segment(pages)
        return Segment(seg.handle ^ 0x5A5A0000, seg.length, seg.offset)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("op", ["WRITE", "READ"])
async def test_bad_rkey_closes_connection(tmp_path: Path, backend: str, op: str) -> None:
    """WRITE: the server's RDMA READ of the Read chunk; READ: its RDMA WRITE into the Write
    chunk -- either gets REM_ACCESS_ERR, and the server closes the connection."""
    async with running_server(tmp_path, backend) as srv:
        data = os.urandom(MIB)
        await _file(srv, "f", data)
        rpc = await connect(srv)
        c, root = await nfs_session(rpc, export_path(srv))
        fh = await c.lookup(root, b"f")
        await rpc.close()
        bad = await _BadKeyClient.connect("127.0.0.1", srv.ports["rdma"], pool_mib=16)
        c.rpc = bad  # the mount's handles are valid on any connection
        with pytest.raises(ConnectionError):
            if op == "WRITE":
                await c.write(fh, 0, data, stable=2)
            else:
                await c.read(fh, 0, MIB)
        await asyncio.wait_for(bad.conn.wait_disconnected(), 20)
        await bad.close()
        await no_leaks(srv)
        await works(srv)
        assert (Path(export_path(srv).decode()) / "f").read_bytes() == data
