"""A requester joined to a responder through the header codecs, as h11's ConnectionPair does.

The requester side encodes calls with ``encode_call_header`` and decodes replies with
``decode_reply_header``; the responder side decodes with ``decode_header`` and answers with
``encode_reply_header``. RDMA Reads and Writes are played against a dict of "registered
memory", driven only by what ``call_regions``, ``reply_regions`` and ``split_chunk`` describe:
if a walk is wrong, the bytes that come out the other side are wrong.
"""

from __future__ import annotations

import itertools
import struct

import pytest

from transport.rdma.proto import (
    Chunk,
    ChunkRegion,
    ErrorCode,
    ErrorReply,
    HeaderError,
    InlineRegion,
    Proc,
    ResultPayload,
    Segment,
    TransportHeader,
    decode_header,
    decode_reply_header,
    encode_call_header,
    encode_reply_header,
    grant_credits,
    reply_regions,
    split_chunk,
    written_segments,
    xdr_align,
)


def rpc_message(xid: int, body: bytes) -> bytes:
    assert len(body) % 4 == 0
    return struct.pack(">I", xid) + body


class Pair:
    """One requester and one responder sharing a fabric (the ``memory`` dict)."""

    def __init__(self) -> None:
        self.memory: dict[int, tuple[int, bytearray]] = {}  # handle -> (base offset, bytes)
        self._handles = itertools.count(0x100)

    # -- requester ---------------------------------------------------------------------------

    def register(self, data: bytes, pieces: int = 1) -> Chunk:
        """Register ``data`` as ``pieces`` segments (the last may be longer)."""
        size = len(data) // pieces
        segments = []
        for i in range(pieces):
            part = data[i * size : None if i == pieces - 1 else (i + 1) * size]
            handle, base = next(self._handles), 0x7F00_0000_0000 + i * 0x1_0000
            self.memory[handle] = (base, bytearray(part))
            segments.append(Segment(handle, len(part), base))
        return Chunk(0, tuple(segments))

    def send_call(
        self,
        message: bytes,
        ddp: tuple[int, int] | None = None,
        *,
        include_pad: bool = False,
        long_call: bool = False,
        write_capacity: int = 0,
        reply_capacity: int = 0,
        pieces: int = 1,
    ) -> tuple[bytes, tuple[Chunk, ...], Chunk | None]:
        """Reduce ``message`` (RFC 8166 §3.4.1): the item ``ddp = (position, length)`` moves to
        a Read chunk, taking its pad with it; a long call moves whole to position zero."""
        xid = struct.unpack_from(">I", message)[0]
        inline = message
        reads: list[Chunk] = []
        if ddp is not None:
            pos, length = ddp
            data = message[pos : pos + (xdr_align(length) if include_pad else length)]
            chunk = self.register(data, pieces)
            reads.append(Chunk(pos, chunk.segments))
            inline = message[:pos] + message[pos + xdr_align(length) :]
        proc = Proc.RDMA_MSG
        if long_call:
            reads.insert(0, self.register(inline, pieces))
            inline, proc = b"", Proc.RDMA_NOMSG
        writes = (self.register(bytes(write_capacity), pieces),) if write_capacity else ()
        reply = self.register(bytes(reply_capacity), pieces) if reply_capacity else None
        return encode_call_header(xid, 32, proc, reads, writes, reply) + inline, writes, reply

    def receive_reply(
        self, buf: bytes, writes: tuple[Chunk, ...], reply: Chunk | None, ddp_position: int
    ) -> bytes:
        """Rebuild the full reply from the inline part and what was written to our chunks."""
        hdr = decode_reply_header(buf)
        assert isinstance(hdr, TransportHeader), hdr
        if hdr.proc is Proc.RDMA_NOMSG:
            assert reply is not None
            echoed = hdr.reply_pcl.chunks[0]
            inline = self.read_back(reply, echoed.length)
        else:
            inline = buf[hdr.inline_offset :]
        if hdr.write_pcl.is_empty or hdr.write_pcl.chunks[0].length == 0:
            return inline
        length = hdr.write_pcl.chunks[0].length
        data = self.read_back(writes[0], length)
        pad = bytes(xdr_align(length) - length)
        return inline[:ddp_position] + data + pad + inline[ddp_position:]

    def read_back(self, chunk: Chunk, length: int) -> bytes:
        return b"".join(
            self.rdma_read(s.segment, s.segment_offset, s.length)
            for s in split_chunk(chunk, length)
        )

    # -- the fabric --------------------------------------------------------------------------

    def rdma_read(self, seg: Segment, segment_offset: int, length: int) -> bytes:
        base, mem = self.memory[seg.handle]
        start = seg.offset - base + segment_offset
        return bytes(mem[start : start + length])

    def rdma_write(self, seg: Segment, segment_offset: int, data: bytes) -> None:
        base, mem = self.memory[seg.handle]
        start = seg.offset - base + segment_offset
        assert start + len(data) <= len(mem)
        mem[start : start + len(data)] = data

    # -- responder ---------------------------------------------------------------------------

    def rebuild_call(self, buf: bytes) -> tuple[TransportHeader, bytes]:
        """Decode a call and rebuild its RPC message from the regions the header describes."""
        hdr = decode_header(buf)
        assert isinstance(hdr, TransportHeader), hdr
        if hdr.call_pcl.is_empty:
            base = buf[hdr.inline_offset :]
        else:
            base = self.read_back(hdr.call_pcl.chunks[0], hdr.call_pcl.chunks[0].length)
        out = bytearray()
        for region in hdr.regions():
            if isinstance(region, InlineRegion):
                assert len(out) == region.position
                out += base[region.offset : region.offset + region.length]
            else:
                assert isinstance(region, ChunkRegion)
                out += self.read_back(region.chunk, region.length) + bytes(region.pad)
        return hdr, bytes(out)

    def send_reply(self, hdr: TransportHeader, reply: bytes, ddp: tuple[int, int] | None) -> bytes:
        """Answer ``hdr`` with the full XDR ``reply``; ``ddp`` is the result payload to place in
        the first Write chunk. The inline rest goes in the Send, or the Reply chunk if any."""
        payloads = []
        if ddp is not None and not hdr.write_pcl.is_empty:
            payloads.append(ResultPayload(hdr.write_pcl.chunks[0], *ddp))
        inline = bytearray()
        for region in reply_regions(len(reply), payloads):
            if isinstance(region, InlineRegion):
                inline += reply[region.position : region.position + region.length]
            else:
                assert region.length <= region.chunk.length  # else: ERR_CHUNK
                for span in split_chunk(region.chunk, region.length):
                    start = region.position + span.data_offset
                    self.rdma_write(
                        span.segment, span.segment_offset, reply[start : start + span.length]
                    )
        results = [
            written_segments(c, p.length) for c, p in zip(hdr.write_pcl, payloads, strict=False)
        ]
        results += [written_segments(c, 0) for c in hdr.write_pcl.chunks[len(payloads) :]]
        credits = grant_credits(hdr.credits)
        if hdr.reply_pcl.is_empty:
            return encode_reply_header(hdr.xid, credits, Proc.RDMA_MSG, results) + inline
        chunk = hdr.reply_pcl.chunks[0]
        for span in split_chunk(chunk, len(inline)):
            self.rdma_write(
                span.segment,
                span.segment_offset,
                bytes(inline[span.data_offset : span.data_offset + span.length]),
            )
        echoed = written_segments(chunk, len(inline))
        return encode_reply_header(hdr.xid, credits, Proc.RDMA_NOMSG, results, echoed)


XID = 0x1234


def test_short_call_short_reply() -> None:
    pair = Pair()
    call = rpc_message(XID, bytes(range(36)))
    buf, writes, reply_chunk = pair.send_call(call)
    hdr, rebuilt = pair.rebuild_call(buf)
    assert rebuilt == call
    reply = rpc_message(XID, b"\x00" * 20)
    assert pair.receive_reply(pair.send_reply(hdr, reply, None), writes, reply_chunk, 0) == reply


@pytest.mark.parametrize("pieces", [1, 3])
@pytest.mark.parametrize("include_pad", [False, True])
@pytest.mark.parametrize("length", [4096, 4097, 5, 1])
def test_write_call_read_chunk(length: int, include_pad: bool, pieces: int) -> None:
    # header(28) | opaque length | data + pad | 8 trailing bytes
    data = bytes((i * 7 + 1) % 251 for i in range(length))
    call = (
        rpc_message(XID, bytes(24) + struct.pack(">I", length))
        + data
        + bytes(xdr_align(length) - length)
        + b"TAILtail"
    )
    pair = Pair()
    buf, _, _ = pair.send_call(call, (32, length), include_pad=include_pad, pieces=pieces)
    hdr, rebuilt = pair.rebuild_call(buf)
    assert hdr.read_pcl.chunks[0].position == 32
    assert rebuilt == call


@pytest.mark.parametrize("pieces", [1, 2])
@pytest.mark.parametrize("length", [8192, 8191, 3])
def test_read_reply_write_chunk(length: int, pieces: int) -> None:
    pair = Pair()
    buf, writes, reply_chunk = pair.send_call(
        rpc_message(XID, bytes(60)), write_capacity=8192, pieces=pieces
    )
    hdr, _ = pair.rebuild_call(buf)
    data = bytes((i * 13) % 256 for i in range(length))
    reply = (
        rpc_message(XID, bytes(80) + struct.pack(">I", length))
        + data
        + bytes(xdr_align(length) - length)
        + b"EOF!"
    )
    sent = pair.send_reply(hdr, reply, (88, length))
    # Only the header, the inline head and the tail travel by Send: no data, no pad.
    echoed = decode_reply_header(sent)
    assert isinstance(echoed, TransportHeader)
    assert len(sent) - echoed.inline_offset == 88 + 4
    assert echoed.write_pcl.chunks[0].length == length
    assert pair.receive_reply(sent, writes, reply_chunk, 88) == reply


def test_long_call_with_data_chunk_and_long_reply() -> None:
    pair = Pair()
    data = bytes(range(256)) * 20  # 5120 bytes
    call = rpc_message(XID, bytes(2000) + struct.pack(">I", len(data))) + data + b"tail"
    buf, writes, reply_chunk = pair.send_call(
        call, (2008, len(data)), long_call=True, reply_capacity=16384, pieces=2
    )
    hdr, rebuilt = pair.rebuild_call(buf)
    assert hdr.proc is Proc.RDMA_NOMSG
    assert rebuilt == call
    reply = rpc_message(XID, bytes(range(200)) * 50)  # 10004 bytes: too long to go inline
    sent = pair.send_reply(hdr, reply, None)
    assert len(sent) < 100
    assert pair.receive_reply(sent, writes, reply_chunk, 0) == reply


def test_version_mismatch_round_trip() -> None:
    pair = Pair()
    buf, _, _ = pair.send_call(rpc_message(XID, bytes(36)))
    bad = buf[:4] + struct.pack(">I", 2) + buf[8:]
    refused = decode_header(bad)
    assert isinstance(refused, HeaderError)
    answer = decode_reply_header(refused.reply(grant_credits(32)))
    assert answer == ErrorReply(XID, 1, 32, ErrorCode.ERR_VERS, 1, 1)
