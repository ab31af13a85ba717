"""Fixtures for the TCP transport tests: both event loops, a page pool, an echo program
behind the real rpc dispatcher."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator

import pytest
import uvloop

from rpc import RpcBuffer
from rpc.dispatch import CallContext, Dispatcher, Procedure, Program, Version
from rpc.xdr import Payload, Struct, UInt32, VarOpaque, Void
from storage import PagePool
from transport.tcp.server import TcpRpcServer

ECHO_PROG, ECHO_VERS = 0x2000_0099, 1
P_NULL, P_ECHO, P_ECHO_PAYLOAD, P_BIG, P_SLEEP, P_TWO = range(6)


def pytest_asyncio_loop_factories(config, item):
    # Every server test runs on uvloop (production) and on the stock asyncio loop.
    return {"uvloop": uvloop.new_event_loop, "asyncio": asyncio.new_event_loop}


class EchoService:
    """A tiny RPC program registered with the real ``rpc.Dispatcher``.

    NULL; ECHO(opaque) -> opaque; ECHO_PAYLOAD(payload) -> the call's own pages as the reply
    payload (zero copy); BIG(n) -> n pool bytes of ``pattern``; SLEEP(ms, tag) -> tag;
    TWO(n1, n2) -> 1, n1 pool bytes of ``pattern``, 2, n2 bytes of reversed ``pattern``, 3
    (two payloads in one reply, as a COMPOUND with two READs).
    """

    def __init__(self, pool: PagePool) -> None:
        self.pool = pool
        self.calls = 0
        self.clients: list[tuple[str, int]] = []
        procs = {
            P_NULL: Procedure("NULL", Void, Void, self._null, auth_flavors=None),
            P_ECHO: Procedure("ECHO", VarOpaque(), VarOpaque(), self._echo),
            P_ECHO_PAYLOAD: Procedure("ECHO_PAYLOAD", Payload, Void, self._echo_payload),
            P_BIG: Procedure("BIG", UInt32, Void, self._big),
            P_SLEEP: Procedure("SLEEP", _SLEEP_ARGS, UInt32, self._sleep),
            P_TWO: Procedure("TWO", _TWO_ARGS, Void, self._two),
        }
        self.dispatcher = Dispatcher()
        self.dispatcher.register(Program(ECHO_PROG, [Version(ECHO_VERS, procs)], "echo"))

    def _seen(self, ctx: CallContext) -> None:
        assert ctx.transport == "tcp"
        self.calls += 1
        self.clients.append(ctx.client)

    async def _null(self, ctx: CallContext, args: None) -> None:
        self._seen(ctx)

    async def _echo(self, ctx: CallContext, data: bytes) -> bytes:
        self._seen(ctx)
        return data

    async def _echo_payload(self, ctx: CallContext, payload) -> RpcBuffer:
        self._seen(ctx)
        w = ctx.begin_reply()
        w.write_payload(payload)
        return w.finish()

    async def _big(self, ctx: CallContext, n: int) -> RpcBuffer:
        self._seen(ctx)
        payload = await self.pool.alloc(n)
        payload.fill(pattern(n))
        w = ctx.begin_reply()
        w.write_payload(payload)
        return w.finish()

    async def _sleep(self, ctx: CallContext, args) -> int:
        self._seen(ctx)
        await asyncio.sleep(args.ms / 1000)
        return args.tag


    async def _two(self, ctx: CallContext, args) -> RpcBuffer:
        self._seen(ctx)
        first = await self.pool.alloc(args.n1)
        first.fill(pattern(args.n1))
        second = await self.pool.alloc(args.n2)
        second.fill(pattern(args.n2)[::-1])
        w = ctx.begin_reply()
        w.write_uint32(1)
        w.write_payload(first)
        w.write_uint32(2)
        w.write_payload(second)
        w.write_uint32(3)
        return w.finish()


_SLEEP_ARGS = Struct("sleep_args", [("ms", UInt32), ("tag", UInt32)])
_TWO_ARGS = Struct("two_args", [("n1", UInt32), ("n2", UInt32)])


async def start_server(pool: PagePool, host="127.0.0.1", **kw) -> TcpRpcServer:
    echo = EchoService(pool)
    srv = TcpRpcServer(echo.dispatcher, pool, host, 0, **kw)
    srv.echo = echo  # type: ignore[attr-defined]
    await srv.start()
    return srv


@pytest.fixture
def pool() -> PagePool:
    return PagePool(64 << 20)


@pytest.fixture
async def server(pool: PagePool) -> AsyncIterator[TcpRpcServer]:
    srv = await start_server(pool)
    yield srv
    await srv.close(grace=2.0)
    assert pool.used_pages() == 0, "pages leaked after every connection closed"


def pattern(n: int) -> bytes:
    return (bytes(range(251)) * (n // 251 + 1))[:n]


def echo_args(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data + b"\0" * (-len(data) & 3)
