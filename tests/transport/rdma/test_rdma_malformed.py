"""Malformed RPC-over-RDMA calls against the real server connection (transport/rdma/conn.py).

What this adds beyond tests/transport/rdma/proto (which proves `decode_header` classifies every
bad header): that the *server* turns each refusal into the right RDMA_ERROR on the wire
(ERR_VERS with low/high, ERR_CHUNK), or drops the message, or closes the connection when the
fabric cannot deliver it -- and that afterwards the same connection (where it survives) and a
fresh one are served, and no pool page or MR stays behind.  Headers are hand-made with
`encode_call_header` plus edited words and posted by a raw soft-verbs client.
"""

from __future__ import annotations

import os
import struct
from collections.abc import Callable
from pathlib import Path

import pytest

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.client import NfsCallError
from rpc.errors import RpcError
from tests.transport.rdma._rdma import (
    RawClient,
    connect,
    export_path,
    nfs_session,
    no_leaks,
    only_conn,
    rdma_port,
    rpc_call,
    running_server,
    works,
)
from transport.rdma.proto import Chunk, ErrorCode, ErrorReply, Proc, Segment, TransportHeader
from transport.rdma.verbs import WcStatus

W = struct.Struct(">I")


def words(*ws: int) -> bytes:
    return b"".join(W.pack(w) for w in ws)


def seg_words(seg: Segment) -> tuple[int, ...]:
    return (seg.handle, seg.length, seg.offset >> 32, seg.offset & 0xFFFFFFFF)


# Each builder returns the bytes of one Receive; `c` gives xids and chunk addresses.
Builder = Callable[[RawClient, int], bytes]


def _vers2(c: RawClient, xid: int) -> bytes:
    m = bytearray(c.msg(xid, rpc_call(xid)))
    m[4:8] = W.pack(2)
    return bytes(m)


def _proc(p: int) -> Builder:
    def build(c: RawClient, xid: int) -> bytes:
        m = bytearray(c.msg(xid, rpc_call(xid)))
        m[12:16] = W.pack(p)
        return bytes(m)
    return build


def _truncated_fixed(c: RawClient, xid: int) -> bytes:
    return words(xid, 1, 8)  # no rdma_proc


def _truncated_segment(c: RawClient, xid: int) -> bytes:
    return words(xid, 1, 8, Proc.RDMA_MSG, 1, 0, c.mr.rkey)  # read segment cut short


def _bad_discriminator(c: RawClient, xid: int) -> bytes:
    return words(xid, 1, 8, Proc.RDMA_MSG, 2) + rpc_call(xid)


def _zero_segment_write_chunk(c: RawClient, xid: int) -> bytes:
    return words(xid, 1, 8, Proc.RDMA_MSG, 0, 1, 0, 0, 0) + rpc_call(xid)


def _read_chunks(*chunks: tuple[int, int]) -> Builder:
    """RDMA_MSG with Read chunks at (position, length); the inline call is a NULL padded with
    zeros to 128 bytes, so positions can be chosen inside or past it."""
    def build(c: RawClient, xid: int) -> bytes:
        call = rpc_call(xid).ljust(128, b"\0")
        read = tuple(Chunk(pos, (c.segment(i * 4096, n),)) for i, (pos, n) in enumerate(chunks))
        return c.msg(xid, call, read=read)
    return build


def _too_many_segments(c: RawClient, xid: int) -> bytes:
    segs = tuple(c.segment(i * 16, 16) for i in range(65))  # Limits: 64 per chunk
    return c.msg(xid, rpc_call(xid), write=(Chunk(0, segs),))


def _segment_too_long(c: RawClient, xid: int) -> bytes:
    seg = c.segment(0, 2 << 20)  # Limits.max_segment_length is 1 MiB + 12 KiB
    return c.msg(xid, rpc_call(xid), write=(Chunk(0, (seg,)),))


def _call_chunk_in_msg(c: RawClient, xid: int) -> bytes:
    return c.msg(xid, rpc_call(xid), read=(Chunk(0, (c.segment(0, 64),)),))


def _nomsg_without_chunk(c: RawClient, xid: int) -> bytes:
    return c.msg(xid, b"", proc=Proc.RDMA_NOMSG)


def _xid_mismatch(c: RawClient, xid: int) -> bytes:
    return c.msg(xid, rpc_call(xid + 1))


def _empty_call_chunk(c: RawClient, xid: int) -> bytes:
    return c.msg(xid, b"", read=(Chunk(0, (c.segment(0, 0),)),), proc=Proc.RDMA_NOMSG)


ERROR_CASES: dict[str, tuple[Builder, ErrorCode]] = {
    "vers-2": (_vers2, ErrorCode.ERR_VERS),
    "unknown-proc": (_proc(7), ErrorCode.ERR_CHUNK),
    "rdma-msgp": (_proc(Proc.RDMA_MSGP), ErrorCode.ERR_CHUNK),
    "truncated-fixed-header": (_truncated_fixed, ErrorCode.ERR_CHUNK),
    "truncated-read-segment": (_truncated_segment, ErrorCode.ERR_CHUNK),
    "bad-discriminator": (_bad_discriminator, ErrorCode.ERR_CHUNK),
    "zero-segment-write-chunk": (_zero_segment_write_chunk, ErrorCode.ERR_CHUNK),
    "overlapping-read-positions": (_read_chunks((40, 16), (44, 8)), ErrorCode.ERR_CHUNK),
    "position-beyond-call": (_read_chunks((1024, 16)), ErrorCode.ERR_CHUNK),
    "too-many-segments": (_too_many_segments, ErrorCode.ERR_CHUNK),
    "segment-too-long": (_segment_too_long, ErrorCode.ERR_CHUNK),
    "position-zero-chunk-in-rdma-msg": (_call_chunk_in_msg, ErrorCode.ERR_CHUNK),
    "nomsg-without-chunk": (_nomsg_without_chunk, ErrorCode.ERR_CHUNK),
    "xid-mismatch": (_xid_mismatch, ErrorCode.ERR_CHUNK),
    "empty-position-zero-chunk": (_empty_call_chunk, ErrorCode.ERR_CHUNK),
}


async def _null_works(c: RawClient) -> None:
    hdr = await c.null_call()
    assert isinstance(hdr, TransportHeader) and hdr.proc is Proc.RDMA_MSG, hdr
    assert hdr.xid == c.xid


@pytest.mark.parametrize("case", sorted(ERROR_CASES))
async def test_malformed_header_gets_rdma_error(tmp_path: Path, case: str) -> None:
    build, err = ERROR_CASES[case]
    async with running_server(tmp_path) as srv:
        c = await RawClient.connect(rdma_port(srv))
        xid = c.next_xid()
        await c.send(build(c, xid))
        hdr = await c.recv_header()
        assert isinstance(hdr, ErrorReply), hdr
        assert (hdr.xid, hdr.err) == (xid, err)
        # A refused header grants what the ring and the budget allow (not 1); a header that
        # decoded (the empty call chunk is refused after decoding) grants what the raw
        # client asked for (8) within the same bounds.
        ep = await only_conn(srv)
        room = len(ep._recvs) - ep.bc_slots
        if case == "empty-position-zero-chunk":
            assert 1 < hdr.credits <= min(8, room)
        else:
            assert 1 < hdr.credits <= room
        if err is ErrorCode.ERR_VERS:
            assert (hdr.low, hdr.high) == (1, 1)
        await _null_works(c)  # the connection goes on
        await works(srv)
        await c.close()
        await no_leaks(srv)


DROP_CASES: dict[str, Builder] = {
    "no-xid": lambda c, xid: b"\x00\x01",
    "rdma-done": _proc(Proc.RDMA_DONE),
    "rdma-error-to-responder": lambda c, xid: words(xid, 1, 8, Proc.RDMA_ERROR,
                                                    ErrorCode.ERR_CHUNK),
}


@pytest.mark.parametrize("case", sorted(DROP_CASES))
async def test_dropped_message_gets_no_answer(tmp_path: Path, case: str) -> None:
    async with running_server(tmp_path) as srv:
        c = await RawClient.connect(rdma_port(srv))
        await c.send(DROP_CASES[case](c, c.next_xid()))
        # The server handles receives in order: an answer to the dropped message would be
        # the first thing to arrive, before the NULL's reply.
        await _null_works(c)
        await works(srv)
        await c.close()
        await no_leaks(srv)


async def test_message_longer_than_receive_buffer_closes_connection(tmp_path: Path) -> None:
    """A Send longer than the posted receive (4096) cannot be delivered: the server's QP
    fails the receive (LOC_LEN_ERR), the sender sees REM_INV_REQ_ERR and the connection is
    closed; the server goes on with other connections."""
    async with running_server(tmp_path) as srv:
        c = await RawClient.connect(rdma_port(srv))
        xid = c.next_xid()
        wc = await c.send(c.msg(xid, rpc_call(xid).ljust(5000, b"\0")))
        assert wc.status is WcStatus.REM_INV_REQ_ERR
        await c.conn.wait_disconnected()
        await no_leaks(srv)
        await works(srv)
        await c.close()
        await no_leaks(srv)


async def test_garbage_in_position_zero_chunk(tmp_path: Path) -> None:
    """RDMA_NOMSG whose call chunk holds random bytes behind a valid xid: the RPC layer
    refuses it (no crash, nothing held), and the connection goes on."""
    async with running_server(tmp_path) as srv:
        c = await RawClient.connect(rdma_port(srv))
        xid = c.next_xid()
        c.put_data(0, W.pack(xid) + os.urandom(300))
        await c.send(c.msg(xid, b"", read=(Chunk(0, (c.segment(0, 304),)),),
                           proc=Proc.RDMA_NOMSG))
        await _null_works(c)  # whatever the garbage got, the next call is answered
        await c.close()
        await no_leaks(srv)
        await works(srv)


async def test_unused_read_chunk_is_pulled_and_released(tmp_path: Path) -> None:
    """A Read chunk at the end of a NULL call (which takes no payload) is pulled, ignored
    and released: the call is answered and no page stays held."""
    async with running_server(tmp_path) as srv:
        c = await RawClient.connect(rdma_port(srv))
        xid = c.next_xid()
        call = rpc_call(xid)
        await c.send(c.msg(xid, call, read=(Chunk(len(call), (c.segment(0, 8192),)),)))
        hdr = await c.recv_header()
        assert isinstance(hdr, TransportHeader) and hdr.xid == xid
        await c.close()
        await no_leaks(srv)


async def _big_dir(root: Path, n: int = 200) -> None:
    for i in range(n):
        (root / f"entry-with-a-rather-long-name-{i:05d}").touch()


async def test_reply_larger_than_reply_chunk_gets_err_chunk(tmp_path: Path) -> None:
    async with running_server(tmp_path) as srv:
        await _big_dir(Path(export_path(srv).decode()))
        rpc = await connect(srv)
        c, root = await nfs_session(rpc, export_path(srv))
        args = xdr.READDIR3args.cls(xdr.nfs_fh3.cls(root), 0, b"\0" * 8, 32768)
        with pytest.raises(RpcError, match="ERR_CHUNK"):
            await c.call("READDIR", args, reply_capacity=512)
        ok = await c.call("READDIR", args)  # same connection, a big enough chunk
        assert len(ok.reply.entries) >= 200
        await rpc.close()
        await no_leaks(srv)


async def test_read_with_too_small_write_chunk_gets_err_chunk(tmp_path: Path) -> None:
    async with running_server(tmp_path) as srv:
        data = os.urandom(65536)
        (Path(export_path(srv).decode()) / "f").write_bytes(data)
        rpc = await connect(srv)
        c, root = await nfs_session(rpc, export_path(srv))
        fh = await c.lookup(root, b"f")
        args = xdr.READ3args.cls(xdr.nfs_fh3.cls(fh), 0, 65536)
        with pytest.raises(RpcError, match="ERR_CHUNK"):
            await c.call("READ", args, read_capacity=4096)
        got, _ = await c.read(fh, 0, 65536)  # same connection, a big enough chunk
        assert got == data
        with pytest.raises(NfsCallError):  # and an NFS error still comes back as one
            await c.lookup(root, b"missing")
        await rpc.close()
        await no_leaks(srv)
