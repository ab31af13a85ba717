"""proto._reverse: reverse-direction messages told apart as the kernel does (RFC 8167)."""

from __future__ import annotations

import struct

import pytest

from transport.rdma.proto import (
    REVERSE_HEADER_SIZE,
    Direction,
    Proc,
    classify_at_requester,
    classify_at_responder,
    encode_call_header,
    encode_reverse_header,
    reverse_credits,
)

X = 0x1234_5678


def rpc(xid: int, mtype: int) -> bytes:
    return struct.pack(">III", xid, mtype, 2)


W = encode_call_header(X, 8, Proc.RDMA_MSG, (), ())  # same 7 words as a reverse header


@pytest.mark.parametrize(("msg", "at_requester", "at_responder"), [
    # Reverse-direction call: RDMA_MSG, no chunks, RPC xid == transport xid, CALL.
    (encode_reverse_header(X, 2) + rpc(X, 0), Direction.REVERSE_CALL, Direction.FORWARD),
    # Reverse-direction reply: the same shape with msg_type REPLY.
    (encode_reverse_header(X, 2) + rpc(X, 1), Direction.FORWARD, Direction.REVERSE_REPLY),
    # Any msg_type other than CALL counts as a reply at the server (then fails to decode).
    (encode_reverse_header(X, 2) + rpc(X, 7), Direction.FORWARD, Direction.REVERSE_REPLY),
    # xid mismatch: forward processing.
    (encode_reverse_header(X, 2) + rpc(X + 1, 0), Direction.FORWARD, Direction.FORWARD),
    (encode_reverse_header(X, 2) + rpc(X + 1, 1), Direction.FORWARD, Direction.FORWARD),
    # RDMA_NOMSG, or any chunk list: never reverse direction.
    (struct.pack(">7I", X, 1, 2, Proc.RDMA_NOMSG, 0, 0, 0) + rpc(X, 1),
     Direction.FORWARD, Direction.FORWARD),
    (struct.pack(">7I", X, 1, 2, Proc.RDMA_MSG, 0, 1, 0) + rpc(X, 1),
     Direction.FORWARD, Direction.FORWARD),
    # Wrong version, or too short to hold the RPC xid and msg_type.
    (struct.pack(">7I", X, 2, 2, Proc.RDMA_MSG, 0, 0, 0) + rpc(X, 1),
     Direction.FORWARD, Direction.FORWARD),
    (encode_reverse_header(X, 2) + struct.pack(">I", X), Direction.FORWARD, Direction.FORWARD),
])
def test_classify(msg: bytes, at_requester: Direction, at_responder: Direction) -> None:
    assert classify_at_requester(memoryview(msg)) is at_requester
    assert classify_at_responder(memoryview(msg)) is at_responder


def test_reverse_header_is_rdma_msg_with_empty_chunk_lists() -> None:
    hdr = encode_reverse_header(X, 5)
    assert len(hdr) == REVERSE_HEADER_SIZE and hdr == W[:8] + struct.pack(">I", 5) + W[12:]
    assert reverse_credits(hdr + rpc(X, 1)) == 5
