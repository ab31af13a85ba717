"""Pcl walks: split_chunk, written_segments, call_regions, reply_regions (no I/O)."""

from __future__ import annotations

import pytest

from transport.rdma.proto import (
    Chunk,
    ChunkRegion,
    InlineRegion,
    Pcl,
    ReadSegment,
    ResultPayload,
    Segment,
    SegmentSpan,
    call_regions,
    reply_regions,
    split_chunk,
    written_segments,
    xdr_align,
    xdr_pad,
)

A, B, C = Segment(1, 100, 0x1000), Segment(2, 0, 0x2000), Segment(3, 50, 0x3000)
CHUNK = Chunk(0, (A, B, C))


def test_chunk_length_and_read_segments() -> None:
    assert CHUNK.length == 150
    assert Chunk(12, (A, C)).read_segments() == (
        ReadSegment(12, 1, 100, 0x1000),
        ReadSegment(12, 3, 50, 0x3000),
    )
    assert ReadSegment(12, 1, 100, 0x1000).segment == A
    assert Chunk(0, ()).length == 0
    assert len(Pcl((CHUNK,))) == Pcl((CHUNK,)).count == 1 and Pcl().is_empty


@pytest.mark.parametrize(
    ("length", "offset", "spans"),
    [
        (0, 0, []),
        (10, 0, [SegmentSpan(A, 0, 0, 10)]),
        (100, 0, [SegmentSpan(A, 0, 0, 100)]),
        # The empty segment B is skipped; C continues the data.
        (101, 0, [SegmentSpan(A, 0, 0, 100), SegmentSpan(C, 0, 100, 1)]),
        (150, 0, [SegmentSpan(A, 0, 0, 100), SegmentSpan(C, 0, 100, 50)]),
        (20, 90, [SegmentSpan(A, 90, 0, 10), SegmentSpan(C, 0, 10, 10)]),
        (50, 100, [SegmentSpan(C, 0, 0, 50)]),
        (5, 120, [SegmentSpan(C, 20, 0, 5)]),
    ],
)
def test_split_chunk(length: int, offset: int, spans: list[SegmentSpan]) -> None:
    assert split_chunk(CHUNK, length, offset) == spans
    assert sum(s.length for s in spans) == length


@pytest.mark.parametrize(("length", "offset"), [(151, 0), (1, 150), (-1, 0), (1, -1)])
def test_split_chunk_out_of_range(length: int, offset: int) -> None:
    with pytest.raises(ValueError, match="outside a 150-byte chunk"):
        split_chunk(CHUNK, length, offset)


@pytest.mark.parametrize(
    ("length", "lengths"),
    [(0, (0, 0, 0)), (1, (1, 0, 0)), (100, (100, 0, 0)), (130, (100, 0, 30)), (150, (100, 0, 50))],
)
def test_written_segments_echo_lengths(length: int, lengths: tuple[int, ...]) -> None:
    echoed = written_segments(CHUNK, length)
    assert tuple(s.length for s in echoed) == lengths
    assert [(s.handle, s.offset) for s in echoed] == [(s.handle, s.offset) for s in CHUNK.segments]


def test_written_segments_over_capacity() -> None:
    with pytest.raises(ValueError, match="do not fit"):
        written_segments(CHUNK, 151)


def test_xdr_roundup() -> None:
    assert [xdr_align(n) for n in range(6)] == [0, 4, 4, 4, 4, 8]
    assert [xdr_pad(n) for n in range(6)] == [0, 3, 2, 1, 0, 3]


# -- calls: inline regions between Read chunks -----------------------------------------------


def test_call_without_chunks_is_one_inline_region() -> None:
    assert call_regions(Pcl(), 40) == [InlineRegion(0, 0, 40)]


def test_call_chunk_without_pad() -> None:
    # 5 data bytes at position 8: the receiver adds 3 pad bytes; the inline stream resumes at
    # offset 8, which is position 16 in the rebuilt call (RFC 8166 §3.4.5.2).
    chunk = Chunk(8, (Segment(1, 5, 0),))
    assert call_regions(Pcl((chunk,)), 20) == [
        InlineRegion(0, 0, 8),
        ChunkRegion(8, 5, 3, chunk),
        InlineRegion(16, 8, 12),
    ]


def test_call_chunk_with_pad_included() -> None:
    # The same 5 bytes sent rounded up to 8: nothing to add, the same layout results.
    chunk = Chunk(8, (Segment(1, 8, 0),))
    assert call_regions(Pcl((chunk,)), 20) == [
        InlineRegion(0, 0, 8),
        ChunkRegion(8, 8, 0, chunk),
        InlineRegion(16, 8, 12),
    ]


def test_call_two_chunks_and_chunk_at_end() -> None:
    first = Chunk(4, (Segment(1, 6, 0),))  # [4, 10) + 2 pad -> 12
    second = Chunk(20, (Segment(2, 4, 0),))  # inline offset 20 - 8 = 12, the end of the inline
    assert call_regions(Pcl((first, second)), 12) == [
        InlineRegion(0, 0, 4),
        ChunkRegion(4, 6, 2, first),
        InlineRegion(12, 4, 8),
        ChunkRegion(20, 4, 0, second),
    ]


def test_call_regions_refuses_unchecked_pcl() -> None:
    with pytest.raises(ValueError, match="out of order or bounds"):
        call_regions(Pcl((Chunk(44, (Segment(1, 4, 0),)),)), 40)


# -- replies: inline regions around Write chunk payloads -------------------------------------

WRITE_CHUNK = Chunk(0, (Segment(9, 8192, 0),))


def test_reply_payload_and_pad_leave_the_inline_stream() -> None:
    # READ reply: 100 bytes of header, 4097 bytes of data (+3 pad), 8 bytes of tail.
    payload = ResultPayload(WRITE_CHUNK, 100, 4097)
    assert reply_regions(100 + 4100 + 8, [payload]) == [
        InlineRegion(0, 0, 100),
        ChunkRegion(100, 4097, 3, WRITE_CHUNK),
        InlineRegion(4200, 100, 8),
    ]


def test_reply_two_payloads_back_to_back() -> None:
    one, two = ResultPayload(WRITE_CHUNK, 8, 4), ResultPayload(WRITE_CHUNK, 12, 4)
    assert reply_regions(16, [one, two]) == [
        InlineRegion(0, 0, 8),
        ChunkRegion(8, 4, 0, WRITE_CHUNK),
        ChunkRegion(12, 4, 0, WRITE_CHUNK),
    ]


@pytest.mark.parametrize(
    "payloads",
    [
        [ResultPayload(WRITE_CHUNK, 6, 4)],  # unaligned
        [ResultPayload(WRITE_CHUNK, 8, 9)],  # 8 + 12 > 16
        [ResultPayload(WRITE_CHUNK, 8, 4), ResultPayload(WRITE_CHUNK, 4, 4)],  # out of order
    ],
)
def test_reply_regions_refuse_bad_payloads(payloads: list[ResultPayload]) -> None:
    with pytest.raises(ValueError, match="out of order or bounds"):
        reply_regions(16, payloads)
