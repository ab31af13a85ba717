"""Calls both ways on one connection: a running server calls its client back (issue 7).

A real in-process server (TCP on loopback, RPC-over-RDMA on the soft provider) gets a test
program whose handlers call back to the client on ``ctx.xprt``, the connection the call
came on; the client serves a callback program with its own Dispatcher.  What this adds
beyond the unit tests: the REPLY is demultiplexed on the real connection while forward
calls are in flight, and drops are seen in the server's /metrics.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from nfsrdma.config import ServerConfig
from nfsrdma.server import Server
from rpc.auth import ANY_FLAVOR, AuthSys
from rpc.client import encode_call_header
from rpc.dispatch import CallContext, Dispatcher, Procedure, Program, Version
from rpc.errors import RpcTimeout
from rpc.xdr import UInt32, VarOpaque, Void
from tests.transport.rdma._rdma import Scrape, wait_until
from transport.client.rdma import RpcRdmaClient
from transport.client.tcp import RpcTcpClient
from transport.rdma.verbs.soft import SoftProvider

TEST_PROG, CB_PROG = 0x2000_0101, 0x4000_0101
P_SLOW, P_PING_BACK = 1, 2
CB_ECHO = 1
UNEXPECTED = "nfsrdma_rpc_unexpected_replies_total"


class _Harness:
    """The test program's state: a gate for slow calls and what callbacks saw."""

    def __init__(self) -> None:
        self.gate = asyncio.Event()
        self.slow_started = 0
        self.outcomes: list[Any] = []
        self.xprts: list[Any] = []


def _test_program(h: _Harness) -> Program:
    async def slow(ctx: CallContext, args: Any) -> int:
        h.slow_started += 1
        await h.gate.wait()
        return 7

    async def ping_back(ctx: CallContext, timeout: int) -> bytes:
        assert ctx.xprt is not None and ctx.xprt.name == ctx.transport
        h.xprts.append(ctx.xprt)
        try:
            reply = await ctx.xprt.call(CB_PROG, 1, CB_ECHO, struct.pack(">I", 4) + b"ping",
                                        AuthSys(0, 0), timeout=timeout or None)
        except Exception as e:  # the test inspects what the call raised
            h.outcomes.append(e)
            return b""
        try:
            body = reply.tobytes()
        finally:
            reply.release()
        h.outcomes.append(body)
        return body

    v1 = Version(1, {
        P_SLOW: Procedure("SLOW", Void, UInt32, slow, auth_flavors=ANY_FLAVOR),
        P_PING_BACK: Procedure("PING_BACK", UInt32, VarOpaque(), ping_back,
                               auth_flavors=ANY_FLAVOR),
    })
    return Program(TEST_PROG, [v1], "xprt-test")


def _callback_dispatcher(seen: list[Any]) -> Dispatcher:
    async def echo(ctx: CallContext, data: bytes) -> bytes:
        seen.append(ctx.xprt)
        return b"pong:" + data

    cb = Dispatcher()
    cb.register(Program(CB_PROG, [Version(1, {
        CB_ECHO: Procedure("ECHO", VarOpaque(), VarOpaque(), echo, auth_flavors=ANY_FLAVOR),
    })], "cb-test"))
    return cb


@contextlib.asynccontextmanager
async def running(tmp_path: Path, h: _Harness, rdma: bool) -> AsyncIterator[Server]:
    (tmp_path / "export").mkdir()
    cfg = ServerConfig(
        export_paths=[tmp_path / "export"], listen=["127.0.0.1"], nfs_port=0, mount_port=0,
        rdma="on" if rdma else "off", verbs="soft", rdma_port=0, credits=32,
        state_dir=tmp_path / "state", register_rpcbind=False, pool_mib=32, metrics_port=0)
    srv = Server(cfg)
    await srv.start()
    assert srv.dispatcher is not None
    srv.dispatcher.register(_test_program(h))
    try:
        yield srv
    finally:
        h.gate.set()
        await srv.stop(grace=2.0)


def scrape(srv: Server) -> Scrape:
    return Scrape.from_port(srv.metrics._http.server_port)


async def connect(srv: Server, transport: str, callback: Dispatcher | None) -> Any:
    if transport == "tcp":
        return await RpcTcpClient.connect("127.0.0.1", srv.ports["nfs"], timeout=20.0,
                                          callback=callback)
    return await RpcRdmaClient.connect("127.0.0.1", srv.ports["rdma"], provider=SoftProvider(),
                                       pool_mib=16, timeout=20.0, callback=callback)


async def ping_back(client: Any, timeout: int = 0) -> bytes:
    reply = await client.call(TEST_PROG, 1, P_PING_BACK, struct.pack(">I", timeout))
    try:
        (n,) = struct.unpack_from(">I", reply.body)
        return bytes(reply.body[4 : 4 + n])
    finally:
        reply.release()


TRANSPORTS = ["tcp", "rdma"]


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_server_calls_client_while_forward_calls_in_flight(tmp_path: Path,
                                                                 transport: str) -> None:
    h = _Harness()
    seen: list[Any] = []
    async with running(tmp_path, h, transport == "rdma") as srv:
        client = await connect(srv, transport, _callback_dispatcher(seen))
        try:
            # A first call: over RDMA, the server's credit grant (one call until then).
            (await client.call(100003, 3, 0)).release()
            slow = [asyncio.ensure_future(client.call(TEST_PROG, 1, P_SLOW)) for _ in range(4)]
            await wait_until(lambda: h.slow_started == 4, "four forward calls in flight")
            # The server's handler calls the client back on the client's own connection;
            # the reply reaches it although four forward calls are still unanswered.
            assert await ping_back(client) == b"\0\0\0\x09pong:ping\0\0\0"
            assert not any(f.done() for f in slow)
            assert seen == [client]  # the callback's ctx.xprt is the client's connection
            h.gate.set()
            for f in slow:
                rep = await f
                assert bytes(rep.body) == struct.pack(">I", 7)
                rep.release()
            # Several callbacks at once, interleaved with forward calls.
            h.gate.clear()
            more = [asyncio.ensure_future(ping_back(client)) for _ in range(8)]
            assert len(set(await asyncio.gather(*more))) == 1
            assert h.xprts[0].name == transport and not h.xprts[0].closed
        finally:
            h.gate.set()
            await client.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_callback_without_answer_times_out(tmp_path: Path, transport: str) -> None:
    h = _Harness()
    async with running(tmp_path, h, transport == "rdma") as srv:
        client = await connect(srv, transport, callback=None)  # drops the server's calls
        try:
            assert await ping_back(client, timeout=1) == b""
            (err,) = h.outcomes
            assert isinstance(err, RpcTimeout)
            # The connection still serves forward calls.
            h.gate.set()
            rep = await client.call(TEST_PROG, 1, P_SLOW)
            assert bytes(rep.body) == struct.pack(">I", 7)
            rep.release()
        finally:
            await client.close()


@pytest.mark.parametrize("transport", TRANSPORTS)
async def test_close_fails_pending_callback(tmp_path: Path, transport: str) -> None:
    h = _Harness()
    async with running(tmp_path, h, transport == "rdma") as srv:
        client = await connect(srv, transport, callback=None)
        task = asyncio.ensure_future(ping_back(client, timeout=600))
        await wait_until(lambda: len(h.xprts) == 1, "the server's call went out")
        closed: list[Any] = []
        h.xprts[0].on_close(closed.append)
        await client.close()
        with contextlib.suppress(Exception):
            await task
        await wait_until(lambda: len(h.outcomes) == 1, "the pending callback failed")
        assert isinstance(h.outcomes[0], ConnectionError), h.outcomes
        assert closed == [h.xprts[0]] and h.xprts[0].closed


def _record(msg: bytes) -> bytes:
    return struct.pack(">I", 0x8000_0000 | len(msg)) + msg


async def test_tcp_unexpected_replies_dropped_and_counted(tmp_path: Path) -> None:
    """REPLYs the server never asked for are dropped and counted, never dispatched; the
    connection keeps serving."""
    h = _Harness()
    async with running(tmp_path, h, rdma=False) as srv:
        before = scrape(srv)
        loop = asyncio.get_running_loop()
        with socket.create_connection(("127.0.0.1", srv.ports["nfs"])) as s:
            s.setblocking(False)
            unknown = struct.pack(">IIIIIII", 0x1234, 1, 0, 0, 0, 0, 0)  # accepted SUCCESS
            truncated = struct.pack(">II", 0x1235, 1)  # REPLY, then nothing
            denied = struct.pack(">IIIII", 0x1236, 1, 1, 1, 5)  # AUTH_ERROR, nobody asked
            # A REPLY shaped like a call to the NFS NULL procedure: were it dispatched, the
            # server would answer it.
            callish = struct.pack(">II", 0x1237, 1) + encode_call_header(0, 100003, 3, 0)[8:]
            for m in (unknown, truncated, denied, callish):
                await loop.sock_sendall(s, _record(m))
            await loop.sock_sendall(s, _record(encode_call_header(0x99, 100003, 3, 0)))
            data = b""
            while len(data) < 4 + 24:
                chunk = await asyncio.wait_for(loop.sock_recv(s, 4096), 10)
                assert chunk, "connection closed"
                data += chunk
            # The only answer is the NULL call's.
            assert struct.unpack_from(">III", data, 4)[:2] == (0x99, 1)
            assert len(data) == 4 + 24
        after = scrape(srv)
        d = {r: after.value(UNEXPECTED, transport="tcp", reason=r)
             - before.value(UNEXPECTED, transport="tcp", reason=r)
             for r in ("unknown_xid", "malformed")}
        assert d == {"unknown_xid": 2, "malformed": 2}
        calls = "nfsrdma_rpc_calls_total"
        assert after.value(calls) - before.value(calls) == 1


@pytest.mark.parametrize(("granted", "peak"), [(1, 1), (4, 2)])
async def test_rdma_reverse_calls_stay_within_backchannel_credits(tmp_path: Path, granted: int,
                                                                  peak: int) -> None:
    """The server never has more reverse calls outstanding than the client granted, nor
    more than the Receives it reserved for their replies (BACKCHANNEL_SLOTS = 2)."""
    h = _Harness()
    active, seen_peak = [0], [0]

    async def slow_echo(ctx: CallContext, data: bytes) -> bytes:
        active[0] += 1
        seen_peak[0] = max(seen_peak[0], active[0])
        await asyncio.sleep(0.05)
        active[0] -= 1
        return data

    cb = Dispatcher()
    cb.register(Program(CB_PROG, [Version(1, {
        CB_ECHO: Procedure("ECHO", VarOpaque(), VarOpaque(), slow_echo, auth_flavors=ANY_FLAVOR),
    })], "cb-test"))
    async with running(tmp_path, h, rdma=True) as srv:
        client = await RpcRdmaClient.connect("127.0.0.1", srv.ports["rdma"],
                                             provider=SoftProvider(), pool_mib=16, timeout=20.0,
                                             callback=cb, bc_credits=granted)
        try:
            got = await asyncio.gather(*(ping_back(client) for _ in range(6)))
            assert got == [b"\0\0\0\x04ping"] * 6
            assert seen_peak[0] == peak
        finally:
            await client.close()


async def test_rdma_unexpected_replies_dropped_and_counted(tmp_path: Path) -> None:
    """Reverse-direction replies nobody waits for, REPLYs with chunk lists and truncated
    replies are dropped and counted, never dispatched; the connection keeps serving."""
    from tests.transport.rdma._rdma import RawClient
    from transport.rdma.proto import Chunk, encode_reverse_header

    h = _Harness()
    async with running(tmp_path, h, rdma=True) as srv:
        before = scrape(srv)
        raw = await RawClient.connect(srv.ports["rdma"])
        try:
            x = raw.next_xid()
            success = struct.pack(">IIIIII", x, 1, 0, 0, 0, 0)
            await raw.send(encode_reverse_header(x, 1) + success)  # unknown xid
            x = raw.next_xid()
            await raw.send(encode_reverse_header(x, 1) + struct.pack(">II", x, 1))  # truncated
            x = raw.next_xid()
            chunk = Chunk(0, (raw.segment(0, 64),))
            await raw.send(raw.msg(x, struct.pack(">IIIIII", x, 1, 0, 0, 0, 0), write=(chunk,)))
            hdr = await raw.null_call()
            assert hdr.xid == raw.xid  # the only message the server answered
        finally:
            await raw.close()
        after = scrape(srv)
        d = {r: after.value(UNEXPECTED, transport="rdma", reason=r)
             - before.value(UNEXPECTED, transport="rdma", reason=r)
             for r in ("unknown_xid", "malformed", "chunks")}
        assert d == {"unknown_xid": 1, "malformed": 1, "chunks": 1}
        calls = "nfsrdma_rpc_calls_total"
        assert after.value(calls) - before.value(calls) == 1
