"""Parsed chunk lists: Pcl -> Chunk -> Segment, and walks over them (after svc_rdma_pcl.c).

Operation
---------
The header decoder (``_header.py``) turns the Read list, the Write list and the Reply chunk of a
transport header into :class:`Pcl` objects. Nothing here touches a device: the functions below
only *describe* work, the caller performs it.

* :func:`call_regions` walks a call whose DDP-eligible data items arrived as Read chunks and
  lists, in XDR order, the inline regions and the chunk regions that rebuild the RPC message
  (the counterpart of ``svc_rdma_read_multiple_chunks``). The caller copies or references
  each inline region and posts RDMA Reads for each chunk region.
* :func:`reply_regions` walks a reply whose result payloads go by RDMA Write and lists the
  inline regions between them (the counterpart of ``pcl_process_nonpayloads``); those regions
  are what goes into the Send (or the Reply chunk).
* :func:`split_chunk` says how a byte range of a chunk falls on its segments, and
  :func:`written_segments` builds the segment list a reply echoes for a Write chunk.

XDR roundup (RFC 8166 §3.4.5.2, §3.4.6.3): in the full XDR stream a data item of length ``L``
occupies ``xdr_align(L)`` bytes. The pad is never in the inline stream. A Read chunk may or may
not carry it (a client that rounded the chunk up sends a multiple of four and ``pad == 0``); the
receiver supplies whatever is missing. A Write chunk never carries the pad, and the inline part
of a reply omits both the payload and its pad.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import astuple, dataclass

from transport.rdma.proto._const import xdr_align, xdr_pad

__all__ = [
    "EMPTY_PCL",
    "Chunk",
    "ChunkRegion",
    "InlineRegion",
    "Pcl",
    "ReadSegment",
    "Region",
    "ResultPayload",
    "Segment",
    "SegmentSpan",
    "call_regions",
    "reply_regions",
    "split_chunk",
    "written_segments",
]


@dataclass(frozen=True, slots=True)
class Segment:
    """One registered memory region of the peer: struct rdma_segment (RFC 8166 §3.4.3)."""

    handle: int
    length: int
    offset: int


@dataclass(frozen=True, slots=True)
class ReadSegment:
    """A Read list entry as it travels: the position plus the segment (RFC 8166 §3.4.5)."""

    position: int
    handle: int
    length: int
    offset: int

    @property
    def segment(self) -> Segment:
        return Segment(self.handle, self.length, self.offset)


@dataclass(frozen=True, slots=True)
class Chunk:
    """A group of segments that conveys one data item (``svc_rdma_chunk``).

    A Read chunk is the set of Read segments sharing one position, in list order. A Write
    chunk (and the Reply chunk) is a counted array of segments; its position is 0 until a
    result payload is placed in it.

    Invariants: ``position`` is a multiple of four for a Read chunk that passed
    ``check_read_list``; ``length`` is the chunk's capacity, the sum of its segment lengths.
    """

    position: int
    segments: tuple[Segment, ...]

    @property
    def length(self) -> int:
        # Derived, not stored: a chunk has at most Limits.max_segments_per_chunk segments.
        return sum(seg.length for seg in self.segments)

    def read_segments(self) -> tuple[ReadSegment, ...]:
        """This chunk as the Read list entries that carry it, one per segment."""
        return tuple(ReadSegment(self.position, *astuple(seg)) for seg in self.segments)


@dataclass(frozen=True, slots=True)
class Pcl:
    """A parsed chunk list (``svc_rdma_pcl``). Read chunks are kept sorted by position."""

    chunks: tuple[Chunk, ...] = ()

    @property
    def count(self) -> int:
        return len(self.chunks)

    @property
    def is_empty(self) -> bool:
        return not self.chunks

    def __iter__(self) -> Iterator[Chunk]:
        return iter(self.chunks)

    def __len__(self) -> int:
        return len(self.chunks)


#: The empty list, shared: headers without a Read list, Write list or Reply chunk use it.
EMPTY_PCL = Pcl()


@dataclass(frozen=True, slots=True)
class SegmentSpan:
    """Part of a data range that lies in one segment.

    ``segment_offset`` is where the span starts inside the segment (the remote address is
    ``segment.offset + segment_offset``); ``data_offset`` is where it starts in the data
    range that was split; ``length`` is its size in bytes.
    """

    segment: Segment
    segment_offset: int
    data_offset: int
    length: int


def split_chunk(chunk: Chunk, length: int, offset: int = 0) -> list[SegmentSpan]:
    """Say how bytes ``[offset, offset + length)`` of ``chunk`` fall on its segments.

    Used for RDMA Writes of a result payload into a Write chunk (``offset`` 0) and for RDMA
    Reads of part of a position-zero Read chunk. Zero-length segments get no span.

    **Assumptions:** none about the chunk beyond its type.

    **Returns:** spans in segment order; their lengths add up to ``length``.

    **Raises:** ``ValueError`` when the range is negative or runs past ``chunk.length`` (our
    own misuse: a reply that does not fit its Write chunk must be answered with ERR_CHUNK,
    RFC 8166 §4.5.3, after checking ``length <= chunk.length``).
    """
    if offset < 0 or length < 0 or offset + length > chunk.length:
        raise ValueError(f"range {offset}+{length} outside a {chunk.length}-byte chunk")
    spans: list[SegmentSpan] = []
    skip = offset
    data_offset = 0
    remaining = length
    for segment in chunk.segments:
        if remaining == 0:
            break
        if skip >= segment.length:
            skip -= segment.length
            continue
        n = min(segment.length - skip, remaining)
        spans.append(SegmentSpan(segment, skip, data_offset, n))
        data_offset += n
        remaining -= n
        skip = 0
    return spans


def written_segments(chunk: Chunk, length: int) -> tuple[Segment, ...]:
    """The segments a reply echoes for a Write or Reply chunk after ``length`` bytes went in.

    Every segment is returned with its handle and offset; its length becomes the number of
    bytes actually written to it, zero for the unused ones (RFC 8166 §3.4.6.2, as the kernel's
    ``svc_rdma_encode_write_segment`` does). The XDR pad is never written (RFC 8166 §3.4.6.3),
    so ``length`` is the payload length, not its rounded-up size.

    **Raises:** ``ValueError`` when ``length`` exceeds the chunk's capacity or is negative.
    """
    if length < 0 or length > chunk.length:
        raise ValueError(f"{length} bytes do not fit a {chunk.length}-byte chunk")
    out = []
    remaining = length
    for segment in chunk.segments:
        n = min(remaining, segment.length)
        out.append(Segment(segment.handle, n, segment.offset))
        remaining -= n
    return tuple(out)


@dataclass(frozen=True, slots=True)
class InlineRegion:
    """Bytes that travel inline: ``length`` bytes at ``offset`` of the inline stream, which
    are bytes ``[position, position + length)`` of the full XDR stream."""

    position: int
    offset: int
    length: int


@dataclass(frozen=True, slots=True)
class ChunkRegion:
    """A data item that travels by RDMA: ``length`` bytes of ``chunk`` at ``position`` of the
    full XDR stream, followed there by ``pad`` zero bytes of XDR roundup that the chunk does
    not carry (RFC 8166 §3.4.5.2, §3.4.6.3)."""

    position: int
    length: int
    pad: int
    chunk: Chunk


Region = InlineRegion | ChunkRegion


@dataclass(frozen=True, slots=True)
class ResultPayload:
    """A reply's DDP-eligible result: ``length`` bytes at XDR ``position``, sent into ``chunk``
    (the kernel sets ``ch_position`` and ``ch_payload_length`` for the same purpose)."""

    chunk: Chunk
    position: int
    length: int


def _regions(payloads: Sequence[ResultPayload], xdr_length: int) -> list[Region]:
    regions: list[Region] = []
    position = 0  # in the full XDR stream
    offset = 0  # in the inline stream
    for p in payloads:
        gap = p.position - position
        end = p.position + xdr_align(p.length)
        if gap < 0 or p.position % 4 or p.length < 0 or end > xdr_length:
            raise ValueError(f"payload at {p.position}+{p.length} out of order or bounds")
        if gap:
            regions.append(InlineRegion(position, offset, gap))
        offset += gap
        regions.append(ChunkRegion(p.position, p.length, xdr_pad(p.length), p.chunk))
        position = end
    if xdr_length > position:
        regions.append(InlineRegion(position, offset, xdr_length - position))
    return regions


def call_regions(read_pcl: Pcl, base_length: int) -> list[Region]:
    """List the regions that rebuild a call from its inline part and its Read chunks.

    ``base_length`` is the length of the stream the Read chunks are inserted into: the inline
    RPC message for RDMA_MSG, the position-zero chunk for RDMA_NOMSG (RFC 8166 §3.5.3).

    **Assumptions:** ``read_pcl`` came from ``decode_header`` (positions checked, sorted, no
    position-zero chunk). Empty inline regions are left out.

    **Returns:** regions in XDR order; a :class:`ChunkRegion` carries the pad the receiver
    must supply when the client did not round the chunk up (RFC 8166 §3.4.5.2).

    **Raises:** ``ValueError`` when a chunk would not fit (the pcl was not checked).
    """
    payloads = [ResultPayload(c, c.position, c.length) for c in read_pcl]
    total = base_length + sum(xdr_align(c.length) for c in read_pcl)
    return _regions(payloads, total)


def reply_regions(xdr_length: int, payloads: Sequence[ResultPayload]) -> list[Region]:
    """List the inline regions of a reply around the payloads that go by RDMA Write.

    ``xdr_length`` is the length of the whole reply as XDR, payloads and their pads included.
    The inline regions skip each payload and its pad (the kernel's ``pcl_chunk_end_offset``).

    **Assumptions:** payloads are in XDR order, as the upper layer encoded them.

    **Raises:** ``ValueError`` for payloads out of order, unaligned or past ``xdr_length``.
    """
    return _regions(payloads, xdr_length)
