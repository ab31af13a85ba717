"""XdrReader/XdrWriter/RpcBuffer: primitives, payload split, zero-copy payload reads."""

from __future__ import annotations

import struct

import pytest

from rpc.buffer import BytesPayload, RpcBuffer, XdrReader, XdrWriter
from rpc.errors import RpcInternalError, XdrError

storage = pytest.importorskip("storage")


def test_primitives_roundtrip() -> None:
    w = XdrWriter()
    w.write_uint32(7)
    w.write_int32(-2)
    w.write_uint64(2**40)
    w.write_int64(-(2**40))
    w.write_bool(True)
    w.write_opaque(b"ab")
    w.write_var_opaque(b"xyz")
    rb = w.finish()
    assert rb.payload is None and rb.payload_xdr_offset is None
    r = XdrReader(rb.tobytes())
    assert r.read_uint32() == 7 and r.read_int32() == -2
    assert r.read_uint64() == 2**40 and r.read_int64() == -(2**40)
    assert r.read_bool() is True
    assert r.read_opaque(2) == b"ab" and r.read_var_opaque(3) == b"xyz"
    assert r.remaining == 0
    with pytest.raises(XdrError):
        r.read_uint32()


def test_var_opaque_max() -> None:
    with pytest.raises(XdrError):
        XdrReader(struct.pack(">I", 4) + b"abcd").read_var_opaque(3)


def test_rpcbuffer_views_and_sizes() -> None:
    w = XdrWriter()
    w.write_uint32(1)
    w.write_payload(BytesPayload(b"hello"))
    w.write_uint32(2)
    rb = w.finish()
    assert [bytes(v) for v in rb.wire_views()] == [
        b"\0\0\0\x01\0\0\0\x05",
        b"hello",
        b"\0\0\0",
        b"\0\0\0\x02",
    ]
    assert [bytes(v) for v in rb.wire_views(with_pad=False)][2] == b"\0\0\0\x02"
    assert rb.nbytes == 8 + 5 + 3 + 4 == len(rb.tobytes())
    views, total, payload = rb.wire_sizes()
    assert [bytes(v) for v in views] == [bytes(v) for v in rb.wire_views()]
    assert (total, payload) == (rb.nbytes, 5)
    plain = RpcBuffer(b"\0\0\0\x07")
    assert [bytes(v) for v in plain.wire_sizes()[0]] == [b"\0\0\0\x07"]
    assert plain.wire_sizes()[1:] == (4, 0) and RpcBuffer(b"").wire_sizes() == ([], 0, 0)
    assert rb.payload_xdr_offset == 8
    assert [bytes(v) for v in rb.inline_views()] == [b"\0\0\0\x01\0\0\0\x05", b"\0\0\0\x02"]


def test_writer_finish_once() -> None:
    w = XdrWriter()
    w.write_payload(BytesPayload(b"a"))
    w.finish()
    with pytest.raises(RpcInternalError):
        w.finish()
    with pytest.raises(RpcInternalError):
        w.write_payload(BytesPayload(b"b"))


def test_two_payloads_alternate_with_inline_parts() -> None:
    """A COMPOUND with two READs: head | payload 1 + pad | middle | payload 2 + pad | tail."""
    w = XdrWriter()
    w.write_uint32(1)
    w.write_payload(BytesPayload(b"hello"))
    w.write_uint32(2)
    w.write_payload(BytesPayload(b"worlds!!"))
    w.write_uint32(3)
    assert len(w) == 8 + 8 + 8 + 8 + 4
    rb = w.finish()
    assert [bytes(v) for v in rb.wire_views()] == [
        b"\0\0\0\x01\0\0\0\x05", b"hello", b"\0\0\0",
        b"\0\0\0\x02\0\0\0\x08", b"worlds!!",
        b"\0\0\0\x03",
    ]
    assert rb.tobytes() == b"".join(bytes(v) for v in rb.wire_views())
    assert rb.nbytes == len(rb.tobytes()) == 36 and rb.payload_nbytes == 13
    assert rb.payload_offsets() == [8, 24]
    assert [bytes(v) for v in rb.wire_views(with_pad=False)][2] == b"\0\0\0\x02\0\0\0\x08"
    assert [bytes(v) for v in rb.inline_views()] == [
        b"\0\0\0\x01\0\0\0\x05", b"\0\0\0\x02\0\0\0\x08", b"\0\0\0\x03"]
    assert bytes(rb.head) == b"\0\0\0\x01\0\0\0\x05"
    for one_payload_view in ("payload", "tail", "payload_pad", "payload_xdr_offset"):
        with pytest.raises(RpcInternalError):  # loud, never a silently short reply
            getattr(rb, one_payload_view)
    copy = rb.detached()
    assert copy.tobytes() == rb.tobytes() and copy.payload_offsets() == [8, 24]


def test_discard_and_release_every_payload() -> None:
    pool = storage.PagePool(4 * 4096)
    w = XdrWriter()
    w.write_payload(pool.try_alloc(4096))
    w.write_payload(pool.try_alloc(4096))
    w.discard()
    assert pool.used_pages() == 0
    w = XdrWriter()
    w.write_payload(pool.try_alloc(100))
    w.write_payload(pool.try_alloc(100))
    rb = w.finish()
    assert pool.used_pages() == 2
    rb.release()
    assert pool.used_pages() == 0


def test_release_returns_payload_pages() -> None:
    pool = storage.PagePool(4 * 4096)
    bl = pool.try_alloc(4096)
    rb = RpcBuffer(b"h", bl, 0, b"")
    assert pool.used_pages() == 1
    rb.release()
    rb.release()
    assert pool.used_pages() == 0


def _record_in_pool(pool, data: bytes, base: int):  # type: ignore[no-untyped-def]
    owner = pool.try_alloc(base + len(data), contiguous=True)
    owner.fill(b"\xee" * base + data)
    view = owner.views()[0][base : base + len(data)]
    return owner, view


def test_read_payload_slices_owner_without_copy() -> None:
    pool = storage.PagePool(4 * 4096)
    msg = struct.pack(">I", 9) + struct.pack(">I", 5) + b"HELLO\0\0\0" + struct.pack(">I", 1)
    owner, view = _record_in_pool(pool, msg, base=100)
    r = XdrReader(view, owner=owner, base_offset=100)
    assert r.read_uint32() == 9
    before = storage.COPIES.total
    p = r.read_payload()
    assert storage.COPIES.total == before
    assert p.nbytes == 5 and b"".join(p.views()) == b"HELLO"
    assert p.bvecs[0].pool_offset == owner.bvecs[0].pool_offset + 108
    assert not p.owner
    assert r.read_uint32() == 1 and r.remaining == 0
    owner.release()


def test_read_payload_short_inline() -> None:
    r = XdrReader(struct.pack(">I", 5) + b"HELLO")  # pad missing
    with pytest.raises(XdrError):
        r.read_payload()


def test_read_payload_without_owner_is_bytes_payload() -> None:
    r = XdrReader(struct.pack(">I", 2) + b"hi\0\0")
    p = r.read_payload()
    assert isinstance(p, BytesPayload) and p.tobytes() == b"hi" and r.remaining == 0


@pytest.mark.parametrize("chunk_len", [5, 8])
def test_read_payload_from_rdma_chunk(chunk_len: int) -> None:
    # Inline stream: xid, len=5, then the next field: the data and its pad are in the chunk.
    inline = struct.pack(">II", 1, 5) + struct.pack(">I", 42)
    chunk = BytesPayload(b"WORLD\0\0\0"[:chunk_len])
    r = XdrReader(inline, chunks={8: chunk})
    assert r.read_uint32() == 1
    p = r.read_payload()
    assert p.nbytes == 5 and b"".join(p.views()) == b"WORLD"
    assert r.read_uint32() == 42 and r.remaining == 0
    assert r.nbytes == 12 + chunk_len


@pytest.mark.parametrize("chunk_len", [4, 6, 9])
def test_read_payload_chunk_size_mismatch(chunk_len: int) -> None:
    inline = struct.pack(">I", 5)
    r = XdrReader(inline, chunks={4: BytesPayload(b"x" * chunk_len)})
    with pytest.raises(XdrError):
        r.read_payload()


def test_read_payload_max() -> None:
    with pytest.raises(XdrError):
        XdrReader(struct.pack(">I", 5) + b"HELLO\0\0\0").read_payload(4)
