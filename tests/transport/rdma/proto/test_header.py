"""decode_header / decode_reply_header / encoders: bytes in, values out.

Hand-decoded examples (laid out like RFC 8166 §4.7) come first, then the table of malformed
headers, one row per rule, then round trips.
"""

from __future__ import annotations

import pytest

from transport.rdma.proto import (
    DEFAULT_LIMITS,
    EMPTY_PCL,
    Chunk,
    Decision,
    ErrorCode,
    ErrorReply,
    HeaderError,
    Limits,
    Proc,
    Reason,
    Segment,
    TransportHeader,
    check_read_list,
    check_reply_chunk,
    check_write_list,
    decode_header,
    decode_reply_header,
    encode_call_header,
    encode_error,
    encode_reply_header,
)

from .wire import (
    ABSENT,
    DONE,
    ERROR,
    MSGP,
    NOMSG,
    XID,
    fixed,
    rpc,
    rseg,
    seg,
    wchunk,
    words,
)


def ok(buf: bytes | memoryview, limits: Limits = DEFAULT_LIMITS) -> TransportHeader:
    hdr = decode_header(buf, limits)
    assert isinstance(hdr, TransportHeader), hdr
    return hdr


# -- hand-decoded examples -------------------------------------------------------------------
# fmt: off

# An NFSv3 READ call with one Write chunk of two segments (RFC 8267 §4.1: READ's data is the
# DDP-eligible result). 16 + 4 + 4+4+32 + 4 + 4 = 68 header bytes, then the RPC call.
READ_CALL = bytes.fromhex(
    "0badcafe"  # rdma_xid
    "00000001"  # rdma_vers = 1
    "00000080"  # rdma_credit = 128
    "00000000"  # rdma_proc = RDMA_MSG
    "00000000"  # Read list: absent
    "00000001"  # Write list: present
    "00000002"  #   segment count = 2
    "11111111" "00008000" "00000001" "00000000"  # handle, length 32 KiB, offset 0x1_00000000
    "22222222" "00008000" "00000000" "00001000"  # handle, length 32 KiB, offset 0x1000
    "00000000"  # Write list: end
    "00000000"  # Reply chunk: absent
) + rpc(length=100)

# fmt: on


def test_read_call_example() -> None:
    hdr = ok(READ_CALL)
    assert (hdr.xid, hdr.vers, hdr.credits, hdr.proc) == (XID, 1, 128, Proc.RDMA_MSG)
    assert hdr.read_pcl is EMPTY_PCL and hdr.call_pcl is EMPTY_PCL and hdr.reply_pcl is EMPTY_PCL
    assert hdr.write_pcl.chunks == (
        Chunk(0, (Segment(0x11111111, 0x8000, 1 << 32), Segment(0x22222222, 0x8000, 0x1000))),
    )
    assert hdr.write_pcl.chunks[0].length == 64 * 1024
    assert (hdr.inline_offset, hdr.inline_length) == (68, 100)
    assert READ_CALL[hdr.inline_offset : hdr.inline_offset + 4] == words(XID)


# fmt: off
# A WRITE call of 5 bytes whose data went as a Read chunk at XDR position 92 of the call; the
# client did not round the chunk up (RFC 8166 §3.4.5.2). Header: 16 fixed + 4 + 20 (one Read
# segment) + 4 (list end) + 4 (Write list) + 4 (Reply chunk) = 52 bytes, then 100 inline bytes.
WRITE_CALL = bytes.fromhex(
    "0badcafe" "00000001" "00000020" "00000000"  # xid, vers 1, 32 credits, RDMA_MSG
    "00000001"  # Read list: present
    "0000005c"  #   position 92
    "33333333" "00000005" "00000000" "00002000"  # handle, length 5, offset 0x2000
    "00000000"  # Read list: end
    "00000000"  # Write list: absent
    "00000000"  # Reply chunk: absent
) + rpc(length=100)
# fmt: on


def test_write_call_example() -> None:
    hdr = ok(WRITE_CALL)
    assert hdr.read_pcl.chunks == (Chunk(92, (Segment(0x33333333, 5, 0x2000),)),)
    assert hdr.call_pcl is EMPTY_PCL and hdr.write_pcl is EMPTY_PCL
    assert (hdr.inline_offset, hdr.inline_length) == (52, 100)


# fmt: off
# A long call: RDMA_NOMSG, the whole 2 KiB RPC call in a position-zero Read chunk of two
# segments, and a Reply chunk for a long reply (RFC 8166 §3.5.3).
LONG_CALL = bytes.fromhex(
    "0badcafe" "00000001" "00000010" "00000001"  # xid, vers 1, 16 credits, RDMA_NOMSG
    "00000001" "00000000" "44444444" "00000400" "00000000" "00000000"  # pos 0, 1 KiB
    "00000001" "00000000" "55555555" "00000400" "00000000" "00000400"  # pos 0, 1 KiB
    "00000000"  # Read list: end
    "00000000"  # Write list: absent
    "00000001" "00000001" "66666666" "00010000" "00000000" "00000000"  # Reply chunk, 64 KiB
)
# fmt: on


def test_long_call_example() -> None:
    hdr = ok(LONG_CALL)
    assert hdr.proc is Proc.RDMA_NOMSG
    assert hdr.call_pcl.chunks == (
        Chunk(0, (Segment(0x44444444, 1024, 0), Segment(0x55555555, 1024, 1024))),
    )
    assert hdr.read_pcl is EMPTY_PCL
    assert hdr.reply_pcl.chunks == (Chunk(0, (Segment(0x66666666, 65536, 0),)),)
    assert (hdr.inline_offset, hdr.inline_length) == (len(LONG_CALL), 0)


def test_error_encodings_example() -> None:
    # fmt: off
    assert encode_error(XID, 7, ErrorCode.ERR_VERS) == bytes.fromhex(
        "0badcafe" "00000001" "00000007" "00000004"  # xid, vers 1, credits, RDMA_ERROR
        "00000001" "00000001" "00000001"  # ERR_VERS, low 1, high 1
    )
    assert encode_error(XID, 7, ErrorCode.ERR_CHUNK) == bytes.fromhex(
        "0badcafe" "00000001" "00000007" "00000004" "00000002"
    )
    # fmt: on


def test_reply_encoding_example() -> None:
    # The READ above answered with 40000 bytes: the first segment full, the second partly
    # used, lengths echoed as written and no pad (RFC 8166 §3.4.6.2, §3.4.6.3).
    written = [(Segment(0x11111111, 0x8000, 1 << 32), Segment(0x22222222, 7232, 0x1000))]
    # fmt: off
    assert encode_reply_header(XID, 128, Proc.RDMA_MSG, written) == bytes.fromhex(
        "0badcafe" "00000001" "00000080" "00000000"
        "00000000"  # Read list: always empty in a reply
        "00000001" "00000002"
        "11111111" "00008000" "00000001" "00000000"
        "22222222" "00001c40" "00000000" "00001000"
        "00000000"  # Write list: end
        "00000000"  # Reply chunk: absent
    )
    # fmt: on


# -- malformed headers: one row per rule -----------------------------------------------------

_MSG_TAIL = (ABSENT, ABSENT, ABSENT)  # empty Read list, Write list, Reply chunk
_S = seg(7, 64)

# fmt: off
MALFORMED: list[tuple[str, bytes, Reason, Decision, ErrorCode]] = [
    ("empty", b"", Reason.NO_XID, Decision.DROP, ErrorCode.ERR_CHUNK),
    ("3 bytes", b"\x00\x00\x01", Reason.NO_XID, Decision.DROP, ErrorCode.ERR_CHUNK),
    ("xid only", words(XID), Reason.SHORT_HEADER, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("no proc", words(XID, 1, 32), Reason.SHORT_HEADER, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("vers 2", words(*fixed(vers=2), *_MSG_TAIL) + rpc(), Reason.BAD_VERSION,
     Decision.REPLY_ERROR, ErrorCode.ERR_VERS),
    ("vers 0, short", words(XID, 0), Reason.BAD_VERSION, Decision.REPLY_ERROR, ErrorCode.ERR_VERS),
    ("RDMA_MSGP", words(*fixed(proc=MSGP), *_MSG_TAIL, 0, 0) + rpc(), Reason.RETIRED_MSGP,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("RDMA_DONE", words(*fixed(proc=DONE)), Reason.RETIRED_DONE, Decision.DROP,
     ErrorCode.ERR_CHUNK),
    ("RDMA_ERROR to a responder", words(*fixed(proc=ERROR), 2), Reason.PEER_ERROR,
     Decision.DROP, ErrorCode.ERR_CHUNK),
    ("proc 5", words(*fixed(proc=5), *_MSG_TAIL) + rpc(), Reason.UNKNOWN_PROC,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("proc 2^32-1", words(*fixed(proc=0xFFFF_FFFF)), Reason.UNKNOWN_PROC,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("fixed header only", words(*fixed()), Reason.TRUNCATED, Decision.REPLY_ERROR,
     ErrorCode.ERR_CHUNK),
    ("read list cut in an entry", words(*fixed(), *rseg(8, 1, 4)[:4]), Reason.TRUNCATED,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("read list without end", words(*fixed(), *rseg(8, 1, 4)), Reason.TRUNCATED,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("no reply chunk word", words(*fixed(), ABSENT, ABSENT), Reason.TRUNCATED,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("read discriminator 2", words(*fixed(), 2, *_MSG_TAIL) + rpc(), Reason.BAD_DISCRIMINATOR,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("write discriminator 2^32-1", words(*fixed(), ABSENT, 0xFFFF_FFFF, ABSENT) + rpc(),
     Reason.BAD_DISCRIMINATOR, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("reply discriminator 2", words(*fixed(), ABSENT, ABSENT, 2) + rpc(),
     Reason.BAD_DISCRIMINATOR, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("write chunk with no segment", words(*fixed(), ABSENT, *wchunk(), ABSENT, ABSENT) + rpc(),
     Reason.EMPTY_CHUNK, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("reply chunk with no segment", words(*fixed(), ABSENT, ABSENT, *wchunk()) + rpc(),
     Reason.EMPTY_CHUNK, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("segment count 2^32-1", words(*fixed(), ABSENT, 1, 0xFFFF_FFFF, *_S), Reason.TOO_MANY_SEGMENTS,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("segment count past the buffer", words(*fixed(), ABSENT, 1, 3, *_S, ABSENT, ABSENT),
     Reason.TRUNCATED, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("reply segment count past the buffer", words(*fixed(), ABSENT, ABSENT, 1, 2, *_S),
     Reason.TRUNCATED, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("65 read segments",
     words(*fixed(), *(w for i in range(65) for w in rseg(8, i, 4)), *_MSG_TAIL) + rpc(),
     Reason.TOO_MANY_READ_SEGMENTS, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("9 write chunks", words(*fixed(), ABSENT, *(wchunk(_S) * 9), ABSENT, ABSENT) + rpc(),
     Reason.TOO_MANY_WRITE_CHUNKS, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("65 segments in a write chunk",
     words(*fixed(), ABSENT, *wchunk(*[_S] * 65), ABSENT, ABSENT) + rpc(),
     Reason.TOO_MANY_SEGMENTS, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("read segment too long", words(*fixed(), *rseg(8, 1, 0xFFFF_FFFC), *_MSG_TAIL) + rpc(),
     Reason.SEGMENT_TOO_LONG, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("write segment too long",
     words(*fixed(), ABSENT, *wchunk(seg(1, (1 << 20) + 12289)), ABSENT, ABSENT) + rpc(),
     Reason.SEGMENT_TOO_LONG, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("reply segment too long",
     words(*fixed(), ABSENT, ABSENT, *wchunk(seg(1, 0xFFFF_FFFF))) + rpc(),
     Reason.SEGMENT_TOO_LONG, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("read list totals over 1 MiB + 12 KiB",
     words(*fixed(), *rseg(8, 1, 1 << 20), *rseg(8, 2, 1 << 20), *_MSG_TAIL) + rpc(),
     Reason.PAYLOAD_TOO_LONG, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("write chunk totals over 1 MiB + 12 KiB",
     words(*fixed(), ABSENT, *wchunk(seg(1, 1 << 20), seg(2, 1 << 20)), ABSENT, ABSENT) + rpc(),
     Reason.PAYLOAD_TOO_LONG, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("read position 6", words(*fixed(), *rseg(6, 1, 4), *_MSG_TAIL) + rpc(),
     Reason.POSITION_UNALIGNED, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("read chunks overlap",  # [8, 20) and [16, 20)
     words(*fixed(), *rseg(8, 1, 12), *rseg(16, 2, 4), *_MSG_TAIL) + rpc(),
     Reason.POSITION_OVERLAP, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("read chunks overlap, listed out of order",
     words(*fixed(), *rseg(16, 2, 4), *rseg(8, 1, 12), *_MSG_TAIL) + rpc(),
     Reason.POSITION_OVERLAP, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("read position past the call",  # inline call is 40 bytes
     words(*fixed(), *rseg(44, 1, 4), *_MSG_TAIL) + rpc(length=40),
     Reason.POSITION_BEYOND_CALL, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("second read chunk past the call",  # 40 inline + 8 inserted = 48 rebuilt; 52 is past
     words(*fixed(), *rseg(8, 1, 8), *rseg(52, 2, 4), *_MSG_TAIL) + rpc(length=40),
     Reason.POSITION_BEYOND_CALL, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("position-zero chunk in RDMA_MSG", words(*fixed(), *rseg(0, 1, 64), *_MSG_TAIL) + rpc(),
     Reason.CALL_CHUNK_IN_MSG, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("RDMA_NOMSG with no call chunk", words(*fixed(proc=NOMSG), *_MSG_TAIL),
     Reason.NOMSG_WITHOUT_CHUNK, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("RDMA_NOMSG with only a reply chunk", words(*fixed(proc=NOMSG), ABSENT, ABSENT, *wchunk(_S)),
     Reason.NOMSG_WITHOUT_CHUNK, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("RDMA_NOMSG chunk past the call chunk",  # call chunk is 64 bytes
     words(*fixed(proc=NOMSG), *rseg(0, 1, 64), *rseg(68, 2, 4), *_MSG_TAIL),
     Reason.POSITION_BEYOND_CALL, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("RPC XID differs", words(*fixed(), *_MSG_TAIL) + rpc(xid=XID + 1), Reason.XID_MISMATCH,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("RDMA_MSG with no RPC message", words(*fixed(), *_MSG_TAIL), Reason.XID_MISMATCH,
     Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
    ("longer than a receive buffer", words(*fixed(), *_MSG_TAIL) + rpc(length=4096),
     Reason.OVERSIZED, Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK),
]
# fmt: on


@pytest.mark.parametrize(
    ("buf", "reason", "decision", "err"),
    [row[1:] for row in MALFORMED],
    ids=[row[0] for row in MALFORMED],
)
def test_malformed(buf: bytes, reason: Reason, decision: Decision, err: ErrorCode) -> None:
    result = decode_header(buf)
    assert isinstance(result, HeaderError), result
    assert (result.reason, result.decision, result.err) == (reason, decision, err)
    expected_xid = XID if len(buf) >= 4 else 0
    assert result.xid == expected_xid


def test_every_responder_reason_has_a_row() -> None:
    requester_only = {Reason.READ_LIST_IN_REPLY, Reason.UNKNOWN_ERROR_CODE}
    assert {row[2] for row in MALFORMED} == set(Reason) - requester_only


def test_error_reply_bytes() -> None:
    vers = decode_header(words(*fixed(vers=2), *_MSG_TAIL) + rpc())
    assert isinstance(vers, HeaderError)
    assert vers.reply(5) == words(XID, 1, 5, ERROR, 1, 1, 1)
    chunk = decode_header(words(*fixed(), 2))
    assert isinstance(chunk, HeaderError)
    assert chunk.reply(5) == words(XID, 1, 5, ERROR, 2)


def test_dropped_error_has_no_reply() -> None:
    dropped = decode_header(words(*fixed(proc=DONE)))
    assert isinstance(dropped, HeaderError)
    with pytest.raises(ValueError, match="RETIRED_DONE"):
        dropped.reply(5)


# -- accepted edge cases ---------------------------------------------------------------------


def test_read_chunk_at_end_of_call() -> None:
    # The data item is the last thing in the call: its position equals the inline length.
    hdr = ok(words(*fixed(), *rseg(40, 1, 5), *_MSG_TAIL) + rpc(length=40))
    assert hdr.read_pcl.chunks == (Chunk(40, (Segment(1, 5, 0),)),)


def test_read_segments_group_by_position_out_of_order() -> None:
    # Segments sharing a position form one chunk in list order; chunks sort by position.
    buf = words(
        *fixed(), *rseg(24, 3, 8), *rseg(4, 1, 4), *rseg(24, 4, 4), *rseg(4, 2, 4), *_MSG_TAIL
    ) + rpc(length=40)
    hdr = ok(buf)
    assert hdr.read_pcl.chunks == (
        Chunk(4, (Segment(1, 4, 0), Segment(2, 4, 0))),
        Chunk(24, (Segment(3, 8, 0), Segment(4, 4, 0))),
    )


def test_adjacent_read_chunks_with_and_without_pad() -> None:
    # [8, 13) rounds up to 16: a chunk at 16 is adjacent, not overlapping.
    hdr = ok(words(*fixed(), *rseg(8, 1, 5), *rseg(16, 2, 8), *_MSG_TAIL) + rpc(length=40))
    assert [c.position for c in hdr.read_pcl] == [8, 16]


def test_nomsg_with_call_chunk_and_data_chunk() -> None:
    hdr = ok(words(*fixed(proc=NOMSG), *rseg(0, 1, 64), *rseg(64, 2, 4096), *_MSG_TAIL))
    assert hdr.call_pcl.chunks[0].length == 64
    assert hdr.read_pcl.chunks == (Chunk(64, (Segment(2, 4096, 0),)),)


def test_nomsg_ignores_trailing_bytes() -> None:
    hdr = ok(words(*fixed(proc=NOMSG), *rseg(0, 1, 64), *_MSG_TAIL) + b"junk")
    assert hdr.inline_length == 0


def test_limits_are_honoured() -> None:
    two = words(*fixed(), ABSENT, *wchunk(_S), *wchunk(_S), ABSENT, ABSENT) + rpc()
    assert isinstance(decode_header(two), TransportHeader)
    refused = decode_header(two, Limits(max_write_chunks=1))
    assert isinstance(refused, HeaderError)
    assert refused.reason is Reason.TOO_MANY_WRITE_CHUNKS
    small = decode_header(two, Limits(inline_size=len(two) - 1))
    assert isinstance(small, HeaderError) and small.reason is Reason.OVERSIZED


def test_memoryview_input() -> None:
    assert ok(memoryview(bytearray(READ_CALL))) == ok(READ_CALL)


def test_check_functions_return_offsets() -> None:
    buf = memoryview(words(*rseg(8, 1, 4), ABSENT, *wchunk(_S), ABSENT, *wchunk(_S, _S)))
    assert check_read_list(buf, 0, DEFAULT_LIMITS) == 28
    assert check_write_list(buf, 28, DEFAULT_LIMITS) == 28 + 4 + 4 + 16 + 4
    assert check_reply_chunk(buf, 56, DEFAULT_LIMITS) == len(buf)


# -- round trips -----------------------------------------------------------------------------

READ_CHUNKS = (Chunk(8, (Segment(1, 5, 1 << 40), Segment(2, 7, 3))), Chunk(28, (Segment(3, 4, 0),)))
WRITE_CHUNKS = (Chunk(0, (Segment(4, 4096, 0xFFFF_FFFF_FFFF_FFFF),)), Chunk(0, (Segment(5, 1, 2),)))
REPLY_CHUNK = Chunk(0, (Segment(6, 8192, 9), Segment(7, 8192, 10)))


@pytest.mark.parametrize("reply_chunk", [None, REPLY_CHUNK])
@pytest.mark.parametrize("write_chunks", [(), WRITE_CHUNKS])
@pytest.mark.parametrize("read_chunks", [(), READ_CHUNKS])
def test_call_round_trip(
    read_chunks: tuple[Chunk, ...], write_chunks: tuple[Chunk, ...], reply_chunk: Chunk | None
) -> None:
    header = encode_call_header(XID, 64, Proc.RDMA_MSG, read_chunks, write_chunks, reply_chunk)
    hdr = ok(header + rpc(length=40))
    assert hdr.read_pcl.chunks == read_chunks
    assert hdr.write_pcl.chunks == write_chunks
    assert hdr.reply_pcl.chunks == ((reply_chunk,) if reply_chunk else ())
    assert (hdr.credits, hdr.inline_offset, hdr.inline_length) == (64, len(header), 40)


def test_long_call_round_trip() -> None:
    call = Chunk(0, (Segment(9, 512, 0),))
    hdr = ok(encode_call_header(XID, 1, Proc.RDMA_NOMSG, [call], (), REPLY_CHUNK))
    assert (hdr.proc, hdr.call_pcl.chunks, hdr.reply_pcl.chunks) == (
        Proc.RDMA_NOMSG,
        (call,),
        (REPLY_CHUNK,),
    )


@pytest.mark.parametrize("proc", [Proc.RDMA_MSG, Proc.RDMA_NOMSG])
def test_reply_round_trip(proc: Proc) -> None:
    written = [(Segment(4, 100, 0),), ()]
    reply = (Segment(6, 8192, 9), Segment(7, 0, 10))
    header = encode_reply_header(XID, 16, proc, written, reply)
    hdr = decode_reply_header(header + (rpc() if proc is Proc.RDMA_MSG else b""))
    assert isinstance(hdr, TransportHeader), hdr
    assert hdr.write_pcl.chunks == (Chunk(0, written[0]), Chunk(0, ()))
    assert hdr.reply_pcl.chunks == (Chunk(0, reply),)
    assert hdr.read_pcl is EMPTY_PCL and hdr.credits == 16 and hdr.proc is proc


@pytest.mark.parametrize(
    ("err", "expected"),
    [
        (ErrorCode.ERR_VERS, ErrorReply(XID, 1, 3, ErrorCode.ERR_VERS, 1, 1)),
        (ErrorCode.ERR_CHUNK, ErrorReply(XID, 1, 3, ErrorCode.ERR_CHUNK, 0, 0)),
    ],
)
def test_error_round_trip(err: ErrorCode, expected: ErrorReply) -> None:
    assert decode_reply_header(encode_error(XID, 3, err)) == expected


# fmt: off
REPLY_MALFORMED: list[tuple[str, bytes, Reason]] = [
    ("short", words(XID, 1, 1), Reason.SHORT_HEADER),
    ("vers 2", words(*fixed(vers=2), *_MSG_TAIL) + rpc(), Reason.BAD_VERSION),
    ("read list", words(*fixed(), *rseg(0, 1, 4), ABSENT, ABSENT, ABSENT) + rpc(),
     Reason.READ_LIST_IN_REPLY),
    ("no lists", words(*fixed()), Reason.TRUNCATED),
    ("error code 3", words(*fixed(proc=ERROR), 3), Reason.UNKNOWN_ERROR_CODE),
    ("ERR_VERS without range", words(*fixed(proc=ERROR), 1, 1), Reason.TRUNCATED),
    ("error without code", words(*fixed(proc=ERROR)), Reason.TRUNCATED),
    ("RDMA_DONE", words(*fixed(proc=DONE)), Reason.UNKNOWN_PROC),
    ("NOMSG without reply chunk", words(*fixed(proc=NOMSG), *_MSG_TAIL),
     Reason.NOMSG_WITHOUT_CHUNK),
    ("XID differs", words(*fixed(), *_MSG_TAIL) + rpc(xid=1), Reason.XID_MISMATCH),
]
# fmt: on


@pytest.mark.parametrize(
    ("buf", "reason"), [r[1:] for r in REPLY_MALFORMED], ids=[r[0] for r in REPLY_MALFORMED]
)
def test_reply_malformed_is_dropped(buf: bytes, reason: Reason) -> None:
    result = decode_reply_header(buf)
    assert isinstance(result, HeaderError), result
    assert (result.reason, result.decision) == (reason, Decision.DROP)
