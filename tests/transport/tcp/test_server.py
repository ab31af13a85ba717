"""TcpRpcServer end to end on loopback (each test runs on uvloop and on stock asyncio).

What these add beyond test_record.py: real sockets, BufferedProtocol wiring on both loops,
per-connection isolation, back-pressure from the pool and from the socket, page release timing.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import socket
import struct
import time

import pytest

from rpc.client import encode_call_header
from storage import COPIES, PagePool
from transport.budget import Budgets, Limits
from transport.client import RpcTcpClient
from transport.tcp.record import encode_mark
from transport.tcp.server import TcpRpcServer

from .conftest import (
    ECHO_PROG,
    ECHO_VERS,
    P_BIG,
    P_ECHO,
    P_ECHO_PAYLOAD,
    P_NULL,
    P_SLEEP,
    P_TWO,
    echo_args,
    pattern,
    start_server,
)


def addr(server: TcpRpcServer) -> tuple[str, int]:
    return server.addresses[0]


async def connect(server: TcpRpcServer, **kw) -> RpcTcpClient:
    return await RpcTcpClient.connect(*addr(server), timeout=10, **kw)


async def echo(client: RpcTcpClient, data: bytes) -> bytes:
    body = await client.call_bytes(ECHO_PROG, ECHO_VERS, P_ECHO, echo_args(data))
    (n,) = struct.unpack_from(">I", body)
    return body[4 : 4 + n]


def call_record(proc: int, args: bytes, xid: int = 7) -> bytes:
    body = encode_call_header(xid, ECHO_PROG, ECHO_VERS, proc, None) + args
    return encode_mark(len(body)) + body


async def read_reply(reader: asyncio.StreamReader) -> bytes:
    (mark,) = struct.unpack(">I", await reader.readexactly(4))
    assert mark & 0x8000_0000
    return await reader.readexactly(mark & 0x7FFF_FFFF)


async def assert_closed_by_server(reader: asyncio.StreamReader) -> None:
    try:
        rest = await asyncio.wait_for(reader.read(), 5)
    except ConnectionResetError:
        return
    assert rest == b"", "expected the server to close without replying"


async def test_null_and_echo(server):
    async with await connect(server) as c:
        assert await c.call_bytes(ECHO_PROG, ECHO_VERS, P_NULL) == b""
        assert await echo(c, b"hello") == b"hello"
    assert server.echo.clients[0][0] == "127.0.0.1"
    assert server.echo.clients[0][1] == c.local[1]


async def test_multifragment_call(server):
    args = echo_args(os.urandom(10_000))
    body = encode_call_header(9, ECHO_PROG, ECHO_VERS, P_ECHO, None) + args
    cuts = [0, 40, 41, 5000, 9000, len(body)]
    wire = b"".join(
        encode_mark(b - a, last=(b == len(body))) + body[a:b] for a, b in itertools.pairwise(cuts)
    )
    before = COPIES.by_where.get("tcp-multifragment", 0)
    r, w = await asyncio.open_connection(*addr(server))
    for i in range(0, len(wire), 777):  # dribble it in pieces across fragment boundaries
        w.write(wire[i : i + 777])
        await w.drain()
    reply = await read_reply(r)
    assert reply[:4] == struct.pack(">I", 9)
    assert reply[24:] == args
    assert COPIES.by_where.get("tcp-multifragment", 0) > before
    w.close()


async def test_oversized_record_closes_only_that_connection(pool):
    srv = await start_server(pool, max_record=64 << 10)
    try:
        good = await connect(srv)
        r, w = await asyncio.open_connection(*addr(srv))
        w.write(encode_mark((64 << 10) + 1))
        await assert_closed_by_server(r)
        assert await echo(good, b"still here") == b"still here"
        await good.close()
    finally:
        await srv.close(1)
    assert pool.used_pages() == 0


async def test_truncated_record_then_close(server, pool):
    _r, w = await asyncio.open_connection(*addr(server))
    w.write(call_record(P_ECHO, echo_args(b"x" * 5000))[:3000])
    await w.drain()
    for _ in range(100):
        if pool.used_pages():
            break
        await asyncio.sleep(0.01)
    assert pool.used_pages() > 0, "the partial record should sit in pool pages"
    w.close()
    for _ in range(200):
        if not server.connections:
            break
        await asyncio.sleep(0.01)
    assert not server.connections
    assert pool.used_pages() == 0


async def test_garbage_closes_connection(server):
    good = await connect(server)
    r, w = await asyncio.open_connection(*addr(server))
    w.write(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")  # mark 0x47455420: oversized record
    await assert_closed_by_server(r)
    assert await echo(good, b"ok") == b"ok"
    await good.close()


async def test_call_without_xid_closes_only_that_connection(server):
    # Not even an xid: the dispatcher raises MalformedHeader, nothing can be answered.
    good = await connect(server)
    r, w = await asyncio.open_connection(*addr(server))
    w.write(encode_mark(2) + b"\x01\x02")
    await assert_closed_by_server(r)
    assert await echo(good, b"fine") == b"fine"
    await good.close()


async def test_undecodable_record_dropped_connection_survives(server):
    # An xid but no call (msg_type 0xffffffff): the dispatcher drops it; the stream is intact.
    r, w = await asyncio.open_connection(*addr(server))
    w.write(encode_mark(16) + b"\xff" * 16 + call_record(P_ECHO, echo_args(b"after"), xid=77))
    reply = await asyncio.wait_for(read_reply(r), 5)
    assert reply[:4] == struct.pack(">I", 77)
    assert reply[24:] == echo_args(b"after")
    w.close()


async def test_300_concurrent_connections(server):
    async def one(i: int) -> None:
        async with await connect(server) as c:
            for j in range(3):
                assert await echo(c, b"%d-%d" % (i, j)) == b"%d-%d" % (i, j)

    await asyncio.wait_for(asyncio.gather(*(one(i) for i in range(300))), 60)
    assert server.echo.calls == 900


def whole_pool_budgets(pool: PagePool) -> Budgets:
    """Budgets wider than the pool, so the pool is what limits: for tests of its own
    back-pressure, where every client comes from 127.0.0.1."""
    return Budgets(Limits(conn_pages=10 * pool.npages, client_pages=10 * pool.npages))


async def test_pipelined_replies_out_of_order(server):
    async with await connect(server) as c:
        order: list[int] = []
        # A new connection's replies are estimated large (budget) until it has had one.
        assert await echo(c, b"warm up") == b"warm up"

        async def sleeper(ms: int, tag: int) -> None:
            body = await c.call_bytes(ECHO_PROG, ECHO_VERS, P_SLEEP, struct.pack(">II", ms, tag))
            assert struct.unpack(">I", body)[0] == tag
            order.append(tag)

        await asyncio.gather(*(sleeper(300 - 50 * i, i) for i in range(5)))
        assert order == [4, 3, 2, 1, 0], "calls must run concurrently, replies out of order"


async def test_stalled_client_does_not_block_others(server, pool):
    # A client that asks for 32 MiB of replies and never reads them, plus one that sends half
    # a record and stops: others must still be served promptly.
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)  # before connect: small window
    s.connect(addr(server))
    for xid in range(16):
        s.sendall(call_record(P_BIG, struct.pack(">I", 2 << 20), xid))
    half = socket.create_connection(addr(server))
    half.sendall(call_record(P_ECHO, echo_args(b"y" * 1000))[:500])
    await asyncio.sleep(0.3)
    stalled = [c for c in server.connections if c._unsent]
    assert stalled, "the stalled client's replies should be stuck in the send buffer"
    async with await connect(server) as c:
        for i in range(20):
            assert await asyncio.wait_for(echo(c, b"%d" % i), 2) == b"%d" % i
    s.close()
    half.close()


async def test_backpressure_tiny_pool():
    pool = PagePool(256 << 10)  # 64 pages; each call needs ~49
    srv = await start_server(pool, budgets=whole_pool_budgets(pool))
    try:
        clients = [await connect(srv) for _ in range(4)]
        data = os.urandom(200_000)

        async def run(c: RpcTcpClient) -> None:
            for _ in range(3):
                reply = await c.call(
                    ECHO_PROG,
                    ECHO_VERS,
                    P_ECHO_PAYLOAD,
                    struct.pack(">I", len(data)),
                    payload=[memoryview(data)],
                )
                assert reply.body[4:] == data
                reply.release()

        await asyncio.wait_for(asyncio.gather(*(run(c) for c in clients)), 30)
        assert pool.waits > 0, "some record must have waited for pages (back-pressure path)"
        for c in clients:
            await c.close()
    finally:
        await srv.close(1)
    assert pool.used_pages() == 0


async def test_record_larger_than_pool_closes_connection():
    pool = PagePool(64 << 10)
    srv = await start_server(pool)
    try:
        r, w = await asyncio.open_connection(*addr(srv))
        w.write(call_record(P_ECHO, echo_args(b"z" * (100 << 10))))
        await assert_closed_by_server(r)
    finally:
        await srv.close(1)
    assert pool.used_pages() == 0


async def test_zero_copy_1mib_echo_payload(server):
    client_pool = PagePool(4 << 20)
    data = os.urandom(1 << 20)
    async with await connect(server, pool=client_pool) as c:
        await c.call_bytes(ECHO_PROG, ECHO_VERS, P_NULL)  # warm up
        before = dict(COPIES.by_where)
        total = COPIES.total
        reply = await c.call(
            ECHO_PROG,
            ECHO_VERS,
            P_ECHO_PAYLOAD,
            struct.pack(">I", len(data)),
            payload=[memoryview(data)],
        )
        copied = COPIES.total - total
        delta = {
            k: v - before.get(k, 0) for k, v in COPIES.by_where.items() if v != before.get(k, 0)
        }
        assert len(reply.body) == 4 + (1 << 20)
        assert reply.body[4:] == data
        reply.release()
    if asyncio.get_running_loop().__class__.__module__.startswith("uvloop"):
        assert copied == 0, delta
    else:
        # stock asyncio 3.11 joins writelines: one counted copy of the reply payload, no other
        assert delta in ({}, {"tcp-writelines-join": 1 << 20}), delta
    assert client_pool.used_pages() == 0


async def test_two_payload_reply_bytes_on_the_wire(server, pool):
    """A reply with two payloads goes out as one record, every part in order, pads right."""
    n1, n2 = 5, 3 * 4096 + 6
    r, w = await asyncio.open_connection(*addr(server))
    try:
        w.write(call_record(P_TWO, struct.pack(">II", n1, n2), xid=0x1234))
        body = await asyncio.wait_for(read_reply(r), 10)
    finally:
        w.close()
    accepted_success = struct.pack(">IIIIII", 0x1234, 1, 0, 0, 0, 0)
    assert body == (accepted_success
                    + struct.pack(">II", 1, n1) + pattern(n1) + b"\0" * 3
                    + struct.pack(">II", 2, n2) + pattern(n2)[::-1] + b"\0" * 2
                    + struct.pack(">I", 3))


async def test_max_connections_evicts_the_oldest_idle_then_refuses_when_all_busy(pool):
    srv = await start_server(pool, max_connections=2)
    try:
        a, b = await connect(srv), await connect(srv)
        assert await echo(a, b"a") == b"a"
        assert await echo(b, b"b") == b"b"  # b is now the more recently active
        # At the cap with both idle: the oldest idle (a) makes room for the new one.
        c = await connect(srv)
        assert await echo(c, b"c") == b"c"
        await asyncio.wait_for(asyncio.shield(a._protocol.lost), 3)
        assert await echo(b, b"b") == b"b"
        # Both busy (a record each in progress): the next one is refused, nobody evicted.
        busy = []
        for _ in range(2):
            r, w = await asyncio.open_connection(*addr(srv))
            w.write(encode_mark(100) + b"x")
            busy.append((r, w))
        await asyncio.sleep(0.1)  # b and c were idle: evicted for these two
        r, w = await asyncio.open_connection(*addr(srv))
        w.write(call_record(P_NULL, b""))
        await assert_closed_by_server(r)
        assert all(not w.is_closing() for _, w in busy)
        for _, w in busy:
            w.close()
        for cl in (a, b, c):
            await cl.close()
    finally:
        await srv.close(1)


async def test_idle_timeout(pool):
    srv = await start_server(pool, idle_timeout=0.2)
    try:
        c = await connect(srv)
        assert await echo(c, b"a") == b"a"
        await asyncio.wait_for(asyncio.shield(c._protocol.lost), 3)
    finally:
        await srv.close(1)


async def test_close_lets_inflight_finish(pool):
    srv = await start_server(pool)
    c = await connect(srv)
    where = addr(srv)
    call = asyncio.ensure_future(
        c.call_bytes(ECHO_PROG, ECHO_VERS, P_SLEEP, struct.pack(">II", 300, 42))
    )
    await asyncio.sleep(0.05)
    await srv.close(grace=3)
    assert struct.unpack(">I", await call)[0] == 42
    with pytest.raises(OSError):
        await RpcTcpClient.connect(*where)
    await c.close()
    assert pool.used_pages() == 0


async def test_ipv6_and_ipv4(pool):
    if not socket.has_ipv6:
        pytest.skip("no IPv6")
    try:
        srv = await start_server(pool, host=["127.0.0.1", "::1"])
    except OSError as e:
        pytest.skip(f"cannot bind ::1: {e}")
    try:
        for host, port in srv.addresses:
            async with await RpcTcpClient.connect(host, port) as c:
                assert await echo(c, host.encode()) == host.encode()
        assert {h for h, _ in srv.echo.clients} == {"127.0.0.1", "::1"}
    finally:
        await srv.close(1)


async def test_privileged_port_client(server):
    if os.geteuid() != 0:
        pytest.skip("needs root")
    async with await connect(server, privileged_port=True) as c:
        await c.call(ECHO_PROG, ECHO_VERS, P_NULL)
        assert c.local[1] < 1024
    assert server.echo.clients[-1][1] < 1024


async def test_reply_pages_not_reused_while_queued():
    # A 4 MiB reply the client does not read stays in the transport's buffer; its pages must
    # stay allocated (others' records must not land in them) until the bytes reach the kernel.
    pool = PagePool(8 << 20)
    srv = await start_server(pool, budgets=whole_pool_budgets(pool))
    try:
        r, w = await asyncio.open_connection(*addr(srv), limit=1 << 12)
        w.transport.pause_reading()
        w.write(call_record(P_BIG, struct.pack(">I", 4 << 20), 5))
        await asyncio.sleep(0.3)
        assert pool.used_pages() >= (3 << 20) // pool.page_size, "queued reply pages were freed"
        # Churn the free pages: echo records are received into whatever the pool hands out.
        async with await connect(srv) as c:
            data = os.urandom(1 << 20)
            for _ in range(6):
                reply = await c.call(
                    ECHO_PROG,
                    ECHO_VERS,
                    P_ECHO_PAYLOAD,
                    struct.pack(">I", len(data)),
                    payload=[memoryview(data)],
                )
                assert reply.body[4:] == data
                reply.release()
        w.transport.resume_reading()
        body = await asyncio.wait_for(read_reply(r), 10)
        assert body[24:28] == struct.pack(">I", 4 << 20)
        assert body[28:] == pattern(4 << 20), "reply bytes changed while queued"
        w.close()
        for _ in range(200):
            if pool.used_pages() == 0:
                break
            await asyncio.sleep(0.01)
        assert pool.used_pages() == 0
    finally:
        await srv.close(1)


async def test_half_close_after_calls_gets_replies(server):
    r, w = await asyncio.open_connection(*addr(server))
    w.write(call_record(P_SLEEP, struct.pack(">II", 100, 5), xid=1))
    w.write(call_record(P_ECHO, echo_args(b"last"), xid=2))
    w.write_eof()
    replies = {struct.unpack_from(">I", await read_reply(r))[0] for _ in range(2)}
    assert replies == {1, 2}
    assert await asyncio.wait_for(r.read(), 5) == b""  # then the server closes
    w.close()


async def test_close_stops_reading_new_calls(pool):
    srv = await start_server(pool)
    c = await connect(srv)
    slow = asyncio.ensure_future(
        c.call_bytes(ECHO_PROG, ECHO_VERS, P_SLEEP, struct.pack(">II", 300, 1))
    )
    await asyncio.sleep(0.05)
    closing = asyncio.ensure_future(srv.close(grace=3))
    await asyncio.sleep(0.05)
    late = asyncio.ensure_future(c.call_bytes(ECHO_PROG, ECHO_VERS, P_NULL))
    assert struct.unpack(">I", await slow)[0] == 1
    await closing
    with pytest.raises(ConnectionResetError):
        await late
    await c.close()
    assert srv.echo.calls == 1
    assert pool.used_pages() == 0


class _CountingTransport:
    """The server connection's transport, with each writelines recorded: which method of the
    connection wrote (``_send``: at once, ``_flush``: the outbox) and how many records."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self.writes: list[tuple[str, int]] = []

    def writelines(self, bufs) -> None:
        import sys

        bufs = list(bufs)
        marks = sum(1 for b in bufs if len(b) == 4 and bytes(b)[0] & 0x80)
        self.writes.append((sys._getframe(1).f_code.co_name, marks))
        self._inner.writelines(bufs)

    def __getattr__(self, name):
        return getattr(self._inner, name)


async def _server_side(server: TcpRpcServer) -> _CountingTransport:
    for _ in range(200):
        if server.connections:
            break
        await asyncio.sleep(0.01)
    (conn,) = server.connections
    counting = _CountingTransport(conn.transport)
    conn.transport = counting
    return counting


async def test_lone_reply_goes_out_at_once_a_burst_in_one_writelines(server, pool):
    """A lone call's reply is written in the callback that made it (no wait for a later loop
    turn), also when calls come one after another within one read; replies of a pipelined
    burst that complete in one loop turn leave in one or two writes, in full, and every page
    comes back."""
    r, w = await asyncio.open_connection(*addr(server))
    try:
        w.write(call_record(P_ECHO, echo_args(b"warm up"), xid=1))
        await asyncio.wait_for(read_reply(r), 10)
        counting = await _server_side(server)
        for xid in (2, 3):  # one at a time: each goes out at once
            w.write(call_record(P_NULL, b"", xid=xid))
            body = await asyncio.wait_for(read_reply(r), 10)
            assert struct.unpack_from(">I", body)[0] == xid
        assert counting.writes == [("_send", 1), ("_send", 1)]
        counting.writes.clear()
        n = 12  # under the connection's in-flight limit: all start, all sleep 200 ms
        w.write(b"".join(call_record(P_SLEEP, struct.pack(">II", 200, i), xid=100 + i)
                         for i in range(n)))
        tags = set()
        for _ in range(n):
            body = await asyncio.wait_for(read_reply(r), 10)
            tags.add(struct.unpack_from(">I", body, 24)[0])
        assert tags == set(range(n))
        assert sum(m for _, m in counting.writes) == n
        assert len(counting.writes) < n, counting.writes  # (timers may fire a few ms apart)
        assert any(m > 1 for _, m in counting.writes), counting.writes
    finally:
        w.close()
    for _ in range(100):
        if pool.used_pages() == 0:
            break
        await asyncio.sleep(0.01)
    assert pool.used_pages() == 0


async def test_pipelined_burst_one_receive_per_call_replies_together(server, pool):
    """Calls that never suspend, pipelined in one write: each receive takes one call and the
    next one's head, so the connection knows more calls are here and holds their replies;
    the burst's short read sends them in one writelines (uvloop reads a ready socket up to 32
    times per callback), all of them, in order of the calls."""
    r, w = await asyncio.open_connection(*addr(server))
    try:
        w.write(call_record(P_ECHO, echo_args(b"warm up"), xid=1))
        await asyncio.wait_for(read_reply(r), 10)
        counting = await _server_side(server)
        n = 24
        w.write(b"".join(call_record(P_ECHO, echo_args(b"x%d" % i), xid=100 + i)
                         for i in range(n)))
        got = []
        for _ in range(n):
            body = await asyncio.wait_for(read_reply(r), 10)
            got.append(struct.unpack_from(">I", body)[0])
        assert got == list(range(100, 100 + n))  # synchronous calls: replies in call order
        assert sum(m for _, m in counting.writes) == n
        if asyncio.get_running_loop().__class__.__module__.startswith("uvloop"):
            assert len(counting.writes) <= 4, counting.writes
    finally:
        w.close()
    for _ in range(100):
        if pool.used_pages() == 0:
            break
        await asyncio.sleep(0.01)
    assert pool.used_pages() == 0


async def test_outbox_replies_go_before_a_close(server):
    """A half-close right behind a burst: every reply, including those still in the outbox
    when the connection closes, reaches the client."""
    r, w = await asyncio.open_connection(*addr(server))
    n = 32
    w.write(b"".join(call_record(P_NULL, b"", xid=500 + i) for i in range(n)))
    w.write_eof()
    xids = set()
    for _ in range(n):
        body = await asyncio.wait_for(read_reply(r), 10)
        xids.add(struct.unpack_from(">I", body)[0])
    assert xids == set(range(500, 500 + n))
    assert await asyncio.wait_for(r.read(), 10) == b""
    w.close()


async def test_a_burst_of_connections_is_accepted_within_a_few_loop_turns(pool):
    """Each loop turn takes 50 ms (a server under a flood of expensive calls): 40 clients
    connecting at once are all accepted within a few turns, not one per turn (what uvloop's
    own create_server does since libuv accepts once per readiness: 2 s for these 40)."""
    srv = await start_server(pool)
    loop = asyncio.get_running_loop()
    busy = True

    def long_turn() -> None:
        time.sleep(0.05)
        if busy:
            loop.call_soon(long_turn)

    socks: list[socket.socket] = []

    def connect_all() -> None:
        for _ in range(40):
            s = socket.create_connection(srv.addresses[0])
            socks.append(s)

    try:
        await loop.run_in_executor(None, connect_all)  # the kernel completes the handshakes
        loop.call_soon(long_turn)
        t0 = time.monotonic()
        while len(srv.connections) < 40 and time.monotonic() - t0 < 5:
            await asyncio.sleep(0)
        took = time.monotonic() - t0
        assert len(srv.connections) == 40
        assert took < 0.5, f"40 connections accepted in {took:.2f} s of 50 ms turns"
    finally:
        busy = False
        for s in socks:
            s.close()
        await srv.close(1)
