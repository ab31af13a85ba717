"""Fuzzing the header decoders: random bytes, generated valid headers, and mutations of both
and of the seed corpus in ``corpus/`` (one header per ``.hex`` file, ``#`` lines are comments).

Properties: the decoders return values for any input and never raise; an accepted header
never holds more segments than the buffer could carry or the limits allow; an accepted call
can always be walked into regions that rebuild it; a generated valid call decodes to exactly
what was encoded.
"""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from transport.rdma.proto import (
    DEFAULT_LIMITS,
    EMPTY_PCL,
    SEGMENT_SIZE,
    Chunk,
    ChunkRegion,
    Decision,
    ErrorReply,
    HeaderError,
    InlineRegion,
    Limits,
    Pcl,
    Proc,
    Reason,
    Segment,
    TransportHeader,
    decode_header,
    decode_reply_header,
    encode_call_header,
    xdr_align,
)

from .wire import ABSENT, fixed, words

CORPUS_DIR = Path(__file__).parent / "corpus"


def load_corpus(prefix: str) -> list[bytes]:
    out = []
    for path in sorted(CORPUS_DIR.glob(f"{prefix}*.hex")):
        text = "".join(ln for ln in path.read_text().splitlines() if not ln.startswith("#"))
        out.append(bytes.fromhex(text))
    return out


CALLS = load_corpus("call_")
REPLIES = load_corpus("reply_")
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_bounded(result: object, buf: bytes, limits: Limits = DEFAULT_LIMITS) -> None:
    """The shape every decoder result must have, whatever the input."""
    if isinstance(result, HeaderError):
        assert isinstance(result.reason, Reason) and isinstance(result.decision, Decision)
        return
    if isinstance(result, ErrorReply):
        return
    assert isinstance(result, TransportHeader), result
    reads = [s for c in (*result.call_pcl, *result.read_pcl) for s in c.segments]
    writes = [c.segments for c in (*result.write_pcl, *result.reply_pcl)]
    assert len(reads) <= limits.max_read_segments
    assert len(result.write_pcl) <= limits.max_write_chunks
    assert all(len(segs) <= limits.max_segments_per_chunk for segs in writes)
    nsegments = len(reads) + sum(len(segs) for segs in writes)
    assert nsegments * SEGMENT_SIZE <= len(buf)
    assert result.inline_offset + result.inline_length <= len(buf)


def assert_walkable(hdr: TransportHeader) -> None:
    """An accepted call's regions tile the rebuilt message with no gap or overlap."""
    position = offset = 0
    for region in hdr.regions():
        assert region.position == position
        if isinstance(region, InlineRegion):
            assert region.offset == offset
            offset += region.length
            position += region.length
        else:
            assert isinstance(region, ChunkRegion)
            position += region.length + region.pad
            assert position % 4 == 0
    base = hdr.call_pcl.chunks[0].length if hdr.call_pcl.chunks else hdr.inline_length
    assert offset == base


# -- strategies ------------------------------------------------------------------------------

u32 = st.integers(0, 0xFFFF_FFFF)
segments = st.builds(Segment, u32, st.integers(1, 4096), st.integers(0, (1 << 64) - 1))
write_chunks = st.lists(segments, min_size=1, max_size=4).map(lambda s: Chunk(0, tuple(s)))


@st.composite
def valid_calls(draw: st.DrawFn) -> tuple[bytes, TransportHeader]:
    xid, credits = draw(u32), draw(u32)
    long_call = draw(st.booleans())
    inline = words(xid) + bytes(4 * draw(st.integers(0, 40)))
    call_chunks: tuple[Chunk, ...] = ()
    if long_call:
        call_chunks = (Chunk(0, tuple(draw(st.lists(segments, min_size=1, max_size=3)))),)
        base = call_chunks[0].length
    else:
        base = len(inline)
    # Read chunks: choose where each goes in the base stream, then derive its position.
    where = sorted(draw(st.lists(st.integers(1, base // 4), max_size=3)) if base >= 4 else [])
    reads, inserted = [], 0
    for unit in where:
        chunk = Chunk(4 * unit + inserted, tuple(draw(st.lists(segments, min_size=1, max_size=3))))
        reads.append(chunk)
        inserted += xdr_align(chunk.length)
    writes = tuple(draw(st.lists(write_chunks, max_size=3)))
    reply = draw(st.none() | write_chunks)
    listed = draw(st.permutations([*call_chunks, *reads]))  # the Read list may be in any order
    proc = Proc.RDMA_NOMSG if long_call else Proc.RDMA_MSG
    header = encode_call_header(xid, credits, proc, listed, writes, reply)
    buf = header + (b"" if long_call else inline)
    expected = TransportHeader(
        xid, 1, credits, proc,
        read_pcl=decode_pcl(tuple(reads)), write_pcl=decode_pcl(writes),
        reply_pcl=decode_pcl((reply,) if reply else ()), call_pcl=decode_pcl(call_chunks),
        inline_offset=len(header), inline_length=0 if long_call else len(inline),
    )  # fmt: skip
    return buf, expected


def decode_pcl(chunks: tuple[Chunk, ...]) -> Pcl:
    return Pcl(chunks) if chunks else EMPTY_PCL


INTERESTING = st.sampled_from(
    [0, 1, 2, 3, 4, 5, 63, 64, 65, 4096, 1 << 20, 0x7FFF_FFFF, 0xFFFF_FFFF]
)


@st.composite
def mutate(draw: st.DrawFn, base: bytes) -> bytes:
    buf = bytearray(base)
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["flip", "word", "truncate", "insert", "delete"]))
        nwords = len(buf) // 4
        if kind == "flip" and buf:
            i = draw(st.integers(0, len(buf) - 1))
            buf[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "word" and nwords:
            i = 4 * draw(st.integers(0, nwords - 1))
            buf[i : i + 4] = (draw(INTERESTING | u32)).to_bytes(4, "big")
        elif kind == "truncate":
            del buf[draw(st.integers(0, len(buf))) :]
        elif kind == "insert":
            i = 4 * draw(st.integers(0, nwords))
            buf[i:i] = draw(INTERESTING).to_bytes(4, "big")
        elif kind == "delete" and nwords:
            i = 4 * draw(st.integers(0, nwords - 1))
            del buf[i : i + 4]
    return bytes(buf)


def mutated_valid() -> st.SearchStrategy[bytes]:
    return valid_calls().flatmap(lambda pair: mutate(pair[0]))


def mutated_corpus(corpus: list[bytes]) -> st.SearchStrategy[bytes]:
    return st.sampled_from(corpus).flatmap(mutate)


# -- properties ------------------------------------------------------------------------------


def test_corpus_is_valid() -> None:
    assert len(CALLS) >= 5 and len(REPLIES) >= 2
    for buf in CALLS:
        hdr = decode_header(buf)
        assert isinstance(hdr, TransportHeader), hdr
        assert_walkable(hdr)
    for buf in REPLIES:
        assert isinstance(decode_reply_header(buf), TransportHeader | ErrorReply)


@FUZZ
@given(valid_calls())
def test_valid_calls_decode_exactly(case: tuple[bytes, TransportHeader]) -> None:
    buf, expected = case
    hdr = decode_header(buf)
    assert hdr == expected
    assert isinstance(hdr, TransportHeader)
    assert_walkable(hdr)


@FUZZ
@given(st.binary(max_size=1024) | mutated_valid() | mutated_corpus(CALLS))
def test_decode_header_never_raises(buf: bytes) -> None:
    result = decode_header(buf)
    assert_bounded(result, buf)
    if isinstance(result, TransportHeader):
        assert_walkable(result)


@FUZZ
@given(st.binary(max_size=1024) | mutated_corpus(REPLIES) | mutated_valid())
def test_decode_reply_header_never_raises(buf: bytes) -> None:
    assert_bounded(decode_reply_header(buf), buf)


@FUZZ
@given(mutated_corpus(CALLS), st.integers(1, 8), st.integers(1, 8), st.integers(1, 8))
def test_tight_limits_are_never_exceeded(buf: bytes, reads: int, writes: int, segs: int) -> None:
    limits = Limits(max_read_segments=reads, max_write_chunks=writes, max_segments_per_chunk=segs)
    assert_bounded(decode_header(buf, limits), buf, limits)


# A count the decoder believed would make it build ~2^32 objects. With the per-chunk limit
# lifted, only the "count against the bytes left" check stands between the count and a loop.
HOSTILE = [
    words(*fixed(), ABSENT, 1, 0xFFFF_FFFF, 7, 64, 0, 0, ABSENT, ABSENT),
    words(*fixed(), ABSENT, ABSENT, 1, 0x0FFF_FFFF, 7, 64, 0, 0),
    words(*fixed(), ABSENT, *([1, 0x0FFF_FFFF] * 8)),
]


@pytest.mark.parametrize("buf", HOSTILE)
def test_claimed_counts_do_not_allocate(buf: bytes) -> None:
    limits = Limits(max_segments_per_chunk=1 << 40, max_write_chunks=1 << 40)
    tracemalloc.start()
    try:
        result = decode_header(buf, limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(result, HeaderError) and result.reason is Reason.TRUNCATED
    assert peak < 64 * 1024, peak
