"""Replies with several payloads over RDMA, seen by a raw client: the nth payload goes through
the nth Write chunk (RFC 8267), lengths echoed without pads, nothing copied; a payload with
no Write chunk left for it stays in the message, with its XDR pad."""

from __future__ import annotations

import struct
from pathlib import Path
from typing import Any

from rpc.buffer import RpcBuffer
from rpc.client import parse_reply
from rpc.dispatch import CallContext, Procedure, Program, Version
from rpc.xdr import Struct, UInt32, Void
from storage import COPIES
from tests.transport.rdma._rdma import (
    RawClient,
    no_leaks,
    rdma_port,
    rpc_call,
    running_server,
)
from transport.rdma.proto import Chunk, Proc, TransportHeader, decode_reply_header

TWO_PROG, TWO_VERS, P_TWO = 0x2000_0098, 1, 1
_TWO_ARGS = Struct("two_args", [("n1", UInt32), ("n2", UInt32)])


def pattern(n: int, salt: int) -> bytes:
    return bytes((i * 7 + salt) & 0xFF for i in range(n))


def register_two(srv: Any) -> None:
    """TWO(n1, n2) -> 1, payload of n1 bytes, 2, payload of n2 bytes, 3 (a COMPOUND with two
    READs, in pool pages as storage would return them)."""
    pool = srv.pool

    async def two(ctx: CallContext, args: Any) -> RpcBuffer:
        first = await pool.alloc(args.n1)
        first.fill(pattern(args.n1, 1))
        second = await pool.alloc(args.n2)
        second.fill(pattern(args.n2, 2))
        w = ctx.begin_reply()
        w.write_uint32(1)
        w.write_payload(first)
        w.write_uint32(2)
        w.write_payload(second)
        w.write_uint32(3)
        return w.finish()

    procs = {P_TWO: Procedure("TWO", _TWO_ARGS, Void, two)}
    srv.dispatcher.register(Program(TWO_PROG, [Version(TWO_VERS, procs)], "two"))


async def _call_two(raw: RawClient, n1: int, n2: int, write: tuple[Chunk, ...]) -> Any:
    xid = raw.next_xid()
    call = rpc_call(xid, P_TWO, struct.pack(">II", n1, n2), prog=TWO_PROG, vers=TWO_VERS)
    await raw.send(raw.msg(xid, call, write=write))
    msg = await raw.recv()
    hdr = decode_reply_header(msg)
    assert isinstance(hdr, TransportHeader) and hdr.proc is Proc.RDMA_MSG, hdr
    body = memoryview(msg)[hdr.inline_offset :]
    rxid, off = parse_reply(body)
    assert rxid == xid
    return hdr, bytes(body[off:])


async def test_two_payloads_two_write_chunks(tmp_path: Path) -> None:
    n1, n2 = 1001, 4098  # pads of 3 and 2 bytes: in neither the chunks nor the message
    async with running_server(tmp_path) as srv:
        register_two(srv)
        raw = await RawClient.connect(rdma_port(srv))
        before = dict(COPIES.by_where)
        hdr, results = await _call_two(raw, n1, n2, write=(
            Chunk(0, (raw.segment(0, 4096),)),
            Chunk(0, (raw.segment(8192, 4096), raw.segment(16384, 4096))),
        ))
        copied = {k: v - before.get(k, 0) for k, v in COPIES.by_where.items()
                  if v != before.get(k, 0) and k != "bvec.fill"}  # fill: the test's "storage"
        assert copied == {}, "payload bytes were copied"
        first, second = hdr.write_pcl.chunks
        assert [s.length for s in first.segments] == [n1]
        assert [s.length for s in second.segments] == [4096, 2]
        at = raw.data_base
        assert bytes(raw.buf[at : at + n1]) == pattern(n1, 1)
        got2 = bytes(raw.buf[at + 8192 : at + 8192 + 4096] + raw.buf[at + 16384 : at + 16386])
        assert got2 == pattern(n2, 2)
        assert results == struct.pack(">IIIII", 1, n1, 2, n2, 3)
        await raw.close()
        await no_leaks(srv)


async def test_payload_past_the_last_write_chunk_stays_inline(tmp_path: Path) -> None:
    n1, n2 = 3000, 6
    async with running_server(tmp_path) as srv:
        register_two(srv)
        raw = await RawClient.connect(rdma_port(srv))
        hdr, results = await _call_two(raw, n1, n2, write=(Chunk(0, (raw.segment(0, 4096),)),))
        (chunk,) = hdr.write_pcl.chunks
        assert [s.length for s in chunk.segments] == [n1]
        at = raw.data_base
        assert bytes(raw.buf[at : at + n1]) == pattern(n1, 1)
        assert results == (struct.pack(">IIII", 1, n1, 2, n2) + pattern(n2, 2) + b"\0\0"
                           + struct.pack(">I", 3))
        await raw.close()
        await no_leaks(srv)


async def test_two_payloads_without_write_chunks_go_inline(tmp_path: Path) -> None:
    n1, n2 = 5, 6
    async with running_server(tmp_path) as srv:
        register_two(srv)
        raw = await RawClient.connect(rdma_port(srv))
        hdr, results = await _call_two(raw, n1, n2, write=())
        assert hdr.write_pcl.is_empty
        assert results == (struct.pack(">II", 1, n1) + pattern(n1, 1) + b"\0\0\0"
                           + struct.pack(">II", 2, n2) + pattern(n2, 2) + b"\0\0"
                           + struct.pack(">I", 3))
        await raw.close()
        await no_leaks(srv)
