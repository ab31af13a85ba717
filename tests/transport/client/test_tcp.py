"""RpcTcpClient against a scripted raw server: what the client sends, how it matches replies."""

from __future__ import annotations

import asyncio
import struct
from collections.abc import Awaitable, Callable

import pytest

from storage import PagePool
from transport.client import (
    AuthSys,
    RpcAcceptError,
    RpcDenied,
    RpcTcpClient,
    RpcTimeout,
)
from transport.tcp.record import encode_mark

Script = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


async def read_record(r: asyncio.StreamReader) -> bytes:
    (mark,) = struct.unpack(">I", await r.readexactly(4))
    assert mark & 0x8000_0000
    return await r.readexactly(mark & 0x7FFF_FFFF)


def accepted(xid: int, results: bytes = b"", stat: int = 0) -> bytes:
    body = struct.pack(">IIIIII", xid, 1, 0, 0, 0, stat) + results
    return encode_mark(len(body)) + body


async def serve(script: Script):
    srv = await asyncio.start_server(script, "127.0.0.1", 0)
    return srv, srv.sockets[0].getsockname()[1]


async def test_call_header_and_payload_shape():
    got: list[bytes] = []

    async def script(r, w):
        rec = await read_record(r)
        got.append(rec)
        w.write(accepted(struct.unpack_from(">I", rec)[0], b"done"))

    srv, port = await serve(script)
    async with await RpcTcpClient.connect("127.0.0.1", port) as c:
        cred = AuthSys(uid=1000, gid=100, gids=(4, 5), machinename=b"abc", stamp=9)
        body = await c.call_bytes(
            100003, 3, 7, b"HEAD", cred, payload=[memoryview(b"12345")], tail=b"TAIL"
        )
        assert body == b"done"
    rec = got[0]
    _xid, mtype, rpcvers, prog, vers, proc = struct.unpack_from(">6I", rec)
    assert (mtype, rpcvers, prog, vers, proc) == (0, 2, 100003, 3, 7)
    # cred: AUTH_SYS, 32 bytes: stamp, "abc"+pad, uid, gid, 2 gids (RFC 5531 appendix A)
    flavor, clen = struct.unpack_from(">II", rec, 24)
    assert (flavor, clen) == (1, 32)
    assert rec[32:64] == struct.pack(">II4s5I", 9, 3, b"abc\0", 1000, 100, 2, 4, 5)
    assert rec[64:72] == struct.pack(">II", 0, 0)  # verifier AUTH_NONE
    assert rec[72:] == b"HEAD" + b"12345\0\0\0" + b"TAIL"
    srv.close()


async def test_replies_out_of_order_matched_by_xid():
    async def script(r, w):
        xids = [struct.unpack_from(">I", await read_record(r))[0] for _ in range(5)]
        for xid in reversed(xids):
            w.write(accepted(xid, struct.pack(">I", xid)))

    srv, port = await serve(script)
    async with await RpcTcpClient.connect("127.0.0.1", port) as c:
        bodies = await asyncio.gather(*(c.call_bytes(1, 1, 1) for _ in range(5)))
        assert len({struct.unpack(">I", b)[0] for b in bodies}) == 5
        assert c.outstanding == 0
    srv.close()


async def test_timeout_then_next_call_works():
    async def script(r, w):
        await read_record(r)  # never answered
        rec = await read_record(r)
        w.write(accepted(struct.unpack_from(">I", rec)[0], b"ok"))

    srv, port = await serve(script)
    async with await RpcTcpClient.connect("127.0.0.1", port) as c:
        with pytest.raises(RpcTimeout):
            await c.call(1, 1, 1, timeout=0.1)
        assert c.outstanding == 0
        assert await c.call_bytes(1, 1, 2) == b"ok"
    srv.close()


async def test_connection_lost_fails_pending_calls():
    async def script(r, w):
        await read_record(r)
        w.close()

    srv, port = await serve(script)
    c = await RpcTcpClient.connect("127.0.0.1", port)
    with pytest.raises(ConnectionResetError):
        await c.call(1, 1, 1)
    await c.close()
    srv.close()


@pytest.mark.parametrize(
    "reply_tail,exc,attr",
    [
        (struct.pack(">IIII", 0, 0, 0, 3), RpcAcceptError, ("accept_stat", 3)),
        (struct.pack(">IIIIII", 0, 0, 0, 2, 2, 4), RpcAcceptError, ("detail", (2, 4))),
        (struct.pack(">IIII", 1, 0, 2, 2), RpcDenied, ("detail", (2, 2))),
        (struct.pack(">III", 1, 1, 5), RpcDenied, ("reject_stat", 1)),
    ],
)
async def test_error_replies(reply_tail, exc, attr):
    async def script(r, w):
        xid = struct.unpack_from(">I", await read_record(r))[0]
        body = struct.pack(">II", xid, 1) + reply_tail
        w.write(encode_mark(len(body)) + body)

    srv, port = await serve(script)
    async with await RpcTcpClient.connect("127.0.0.1", port) as c:
        with pytest.raises(exc) as ei:
            await c.call(1, 1, 1)
        assert getattr(ei.value, attr[0]) == attr[1]
    srv.close()


async def test_reply_received_into_pool_pages():
    pool = PagePool(1 << 20)

    async def script(r, w):
        xid = struct.unpack_from(">I", await read_record(r))[0]
        w.write(accepted(xid, b"x" * 100_000))

    srv, port = await serve(script)
    async with await RpcTcpClient.connect("127.0.0.1", port, pool=pool) as c:
        reply = await c.call(1, 1, 1)
        assert pool.used_pages() > 0
        assert reply.body == b"x" * 100_000
        reply.release()
        assert pool.used_pages() == 0
    srv.close()


async def test_unmatched_reply_is_dropped():
    async def script(r, w):
        xid = struct.unpack_from(">I", await read_record(r))[0]
        w.write(accepted(xid ^ 0xFFFF, b"stray") + accepted(xid, b"mine"))

    srv, port = await serve(script)
    async with await RpcTcpClient.connect("127.0.0.1", port) as c:
        assert await c.call_bytes(1, 1, 1) == b"mine"
    srv.close()
