"""Fixtures for the TCP transport tests: both event loops, a page pool, an echo program."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import AsyncIterator

import pytest
import uvloop

from rpc import RpcBuffer, XdrReader
from storage import PagePool
from transport.tcp.server import TcpRpcServer

ECHO_PROG, ECHO_VERS = 0x2000_0099, 1
P_NULL, P_ECHO, P_ECHO_PAYLOAD, P_BIG, P_SLEEP, P_RAISE = range(6)


def pytest_asyncio_loop_factories(config, item):
    # Every server test runs on uvloop (production) and on the stock asyncio loop.
    return {"uvloop": uvloop.new_event_loop, "asyncio": asyncio.new_event_loop}


def _accepted(xid: int) -> bytearray:
    # reply_body: xid, REPLY, MSG_ACCEPTED, verf AUTH_NONE (0, 0), SUCCESS (RFC 5531 §9)
    return bytearray(struct.pack(">IIIIII", xid, 1, 0, 0, 0, 0))


class EchoDispatcher:
    """A tiny RPC program behind the dispatcher seam (stands in until rpc.dispatch lands).

    NULL; ECHO(opaque) -> opaque; ECHO_PAYLOAD(opaque as payload) -> the same pages as reply
    payload (zero copy); BIG(n) -> n pool bytes; SLEEP(ms, tag) -> tag; RAISE -> undecodable.
    """

    def __init__(self, pool: PagePool) -> None:
        self.pool = pool
        self.calls = 0
        self.clients: list[tuple[str, int]] = []

    async def handle_call(
        self, reader: XdrReader, *, client: tuple[str, int], transport: str
    ) -> RpcBuffer | None:
        assert transport == "tcp"
        self.calls += 1
        self.clients.append(client)
        xid, mtype, rpcvers, prog, vers, proc = (reader.read_uint32() for _ in range(6))
        if mtype != 0 or rpcvers != 2 or prog != ECHO_PROG or vers != ECHO_VERS:
            raise ValueError("not an echo call")
        for _ in range(2):  # cred, verf
            reader.read_uint32()
            reader.read_var_opaque(400)
        head = _accepted(xid)
        if proc == P_NULL:
            return RpcBuffer(head)
        if proc == P_ECHO:
            data = reader.read_var_opaque()
            head += struct.pack(">I", len(data)) + data + b"\0" * (-len(data) & 3)
            return RpcBuffer(head)
        if proc == P_ECHO_PAYLOAD:
            payload = reader.read_payload()
            head += struct.pack(">I", payload.nbytes)
            return RpcBuffer(head, payload, -payload.nbytes & 3)
        if proc == P_BIG:
            n = reader.read_uint32()
            payload = await self.pool.alloc(n)
            payload.fill(pattern(n))
            head += struct.pack(">I", n)
            return RpcBuffer(head, payload, -n & 3)
        if proc == P_SLEEP:
            ms, tag = reader.read_uint32(), reader.read_uint32()
            await asyncio.sleep(ms / 1000)
            head += struct.pack(">I", tag)
            return RpcBuffer(head)
        raise ValueError(f"undecodable proc {proc}")


@pytest.fixture
def pool() -> PagePool:
    return PagePool(64 << 20)


@pytest.fixture
async def server(pool: PagePool) -> AsyncIterator[TcpRpcServer]:
    srv = TcpRpcServer(EchoDispatcher(pool), pool, "127.0.0.1", 0)
    await srv.start()
    yield srv
    await srv.close(grace=2.0)
    assert pool.used_pages() == 0, "pages leaked after every connection closed"


def pattern(n: int) -> bytes:
    return (bytes(range(251)) * (n // 251 + 1))[:n]


def echo_args(data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + data + b"\0" * (-len(data) & 3)
