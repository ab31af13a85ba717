"""The RPC-over-RDMA Version 1 transport header: decode, validate, encode (RFC 8166 §4).

Operation
---------
A Receive completes with one transport header followed, for RDMA_MSG, by the inline RPC
message. :func:`decode_header` (the responder side, after ``svc_rdma_xdr_decode_req``) reads
the fixed header, then makes two passes over the chunk lists:

1. ``check_read_list``, ``check_write_list`` and ``check_reply_chunk`` walk the XDR words and
   reject bad discriminators, truncation, counts, lengths and totals. They build nothing: a
   count is compared with :class:`Limits` and with the bytes left in the buffer *before* any
   loop runs on it, so a peer cannot make us allocate in proportion to a number it claims.
2. ``parse_read_list``, ``parse_write_list`` and ``parse_reply_chunk`` build :class:`Pcl`
   objects from words the first pass accepted. Read segments at position zero form the call
   chunk (``call_pcl``); the others are grouped by position into ``read_pcl``, sorted.

Then ``check_read_positions`` checks the Read chunks against the RPC message they are
inserted into. A bad header yields a :class:`HeaderError` value, never an exception: its
``decision`` says whether to answer with RDMA_ERROR or to drop the message silently.

:func:`decode_reply_header` is the requester side (our client and tests): it accepts what a
responder sends back and drops whatever it cannot parse (RFC 8166 §4.5.2).
"""

from __future__ import annotations

import enum
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from transport.rdma.proto._const import (
    FIXED_HEADER_SIZE,
    READ_SEGMENT_SIZE,
    RPCRDMA_VERSION,
    SEGMENT_SIZE,
    ErrorCode,
    Proc,
    xdr_align,
)
from transport.rdma.proto._pcl import EMPTY_PCL, Chunk, Pcl, Region, Segment, call_regions

__all__ = [
    "DEFAULT_LIMITS",
    "MAX_PAYLOAD",
    "Decision",
    "ErrorReply",
    "HeaderError",
    "Limits",
    "Reason",
    "TransportHeader",
    "check_read_list",
    "check_read_positions",
    "check_reply_chunk",
    "check_write_list",
    "decode_header",
    "decode_reply_header",
    "encode_call_header",
    "encode_error",
    "encode_reply_header",
    "parse_read_list",
    "parse_reply_chunk",
    "parse_write_list",
]

_U32 = struct.Struct(">I")
_LO32: Final = 0xFFFF_FFFF
_SEGMENT = struct.Struct(">IIQ")  # handle, length, offset
_READ_SEGMENT = struct.Struct(">IIIQ")  # position, handle, length, offset

# The largest NFS payload is 1 MiB (Linux RPCSVC_MAXPAYLOAD). A long call or reply carries that
# plus its RPC and NFS headers; the kernel sizes a request's page array as the payload pages + 2
# (head and tail) + 1 (misalignment), i.e. 12 KiB of slack, and so do we.
MAX_PAYLOAD: Final = (1 << 20) + 3 * 4096


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one transport header may ask of us. All are checked before allocating."""

    #: Size of our receive buffers. RFC 8166 §3.3.2 makes 1024 the floor; 4096 is svcrdma's
    #: default inline threshold. A Receive cannot deliver more, so a longer buffer is rejected.
    inline_size: int = 4096
    #: Read segments in the whole Read list (call chunk included). The Linux client caps a
    #: chunk at 16 segments (RPCRDMA_MAX_HDR_SEGS); 64 leaves room for clients that register
    #: smaller regions while bounding the RDMA Read work requests one call can cost.
    max_read_segments: int = 64
    #: Write chunks in the Write list. NFSv3 has one DDP-eligible result per reply and Linux
    #: NFSv4 sends at most one; RFC 8267 §4 allows one per READ in a COMPOUND, so 8.
    max_write_chunks: int = 8
    #: Segments in one Write chunk or in the Reply chunk (same reasoning as read segments).
    max_segments_per_chunk: int = 64
    #: One segment may cover a whole payload (FRWR registers up to 1 MiB in one MR).
    max_segment_length: int = MAX_PAYLOAD
    #: Total of the Read list (bytes we must pull into our pool pages), and the capacity of any
    #: one Write or Reply chunk.
    max_payload: int = MAX_PAYLOAD


DEFAULT_LIMITS: Final = Limits()


class Decision(enum.Enum):
    """What the receiver of a bad header does (STYLE: special results are named)."""

    #: Answer the call with an RDMA_ERROR message carrying ``HeaderError.err`` (RFC 8166 §4.5).
    REPLY_ERROR = "reply-error"
    #: Say nothing: no XID to answer, a message that must not be answered, or a bad reply.
    DROP = "drop"


class Reason(enum.Enum):
    """Why a header was refused; one value per rule, for tests and metrics."""

    NO_XID = "fewer than 4 bytes: no XID to answer"
    SHORT_HEADER = "fixed header truncated"
    OVERSIZED = "message longer than the receive buffer"
    BAD_VERSION = "rdma_vers is not 1"
    UNKNOWN_PROC = "unknown rdma_proc"
    RETIRED_MSGP = "RDMA_MSGP is no longer supported"
    RETIRED_DONE = "RDMA_DONE is no longer supported"
    PEER_ERROR = "RDMA_ERROR sent to a responder"
    TRUNCATED = "chunk lists run past the end of the message"
    BAD_DISCRIMINATOR = "optional-data discriminator not 0 or 1"
    TOO_MANY_READ_SEGMENTS = "too many Read segments"
    TOO_MANY_WRITE_CHUNKS = "too many Write chunks"
    TOO_MANY_SEGMENTS = "too many segments in a Write or Reply chunk"
    EMPTY_CHUNK = "Write or Reply chunk with no segments"
    SEGMENT_TOO_LONG = "segment longer than allowed"
    PAYLOAD_TOO_LONG = "chunks total more than allowed"
    POSITION_UNALIGNED = "Read position not a multiple of 4"
    POSITION_OVERLAP = "Read chunks overlap"
    POSITION_BEYOND_CALL = "Read chunk position past the end of the call"
    CALL_CHUNK_IN_MSG = "position-zero Read chunk in RDMA_MSG"
    NOMSG_WITHOUT_CHUNK = "RDMA_NOMSG with no chunk to carry the message"
    XID_MISMATCH = "rdma_xid does not match the inline RPC XID"
    READ_LIST_IN_REPLY = "Read list in a reply"
    UNKNOWN_ERROR_CODE = "RDMA_ERROR with an unknown rdma_err"


# How a responder answers each refusal (the kernel's svc_rdma_xdr_decode_req return codes:
# -EPROTONOSUPPORT -> ERR_VERS, -EINVAL -> ERR_CHUNK, 0 -> drop). Anything not listed is a
# chunk-list parse error: ERR_CHUNK (RFC 8166 §4.5.2).
#   NO_XID        nothing to address a reply to.
#   RETIRED_MSGP  RFC 8166 §4.6.1: answered with ERR_CHUNK (the kernel's out_proc path).
#   RETIRED_DONE  RFC 8166 §4.6.2 retires it; it never expected an answer, the kernel drops it.
#   PEER_ERROR    an RDMA_ERROR is itself an answer; answering it could loop. Dropped.
_RESPONDER_ACTION: Final[dict[Reason, tuple[Decision, ErrorCode]]] = {
    Reason.NO_XID: (Decision.DROP, ErrorCode.ERR_CHUNK),
    Reason.BAD_VERSION: (Decision.REPLY_ERROR, ErrorCode.ERR_VERS),
    Reason.RETIRED_DONE: (Decision.DROP, ErrorCode.ERR_CHUNK),
    Reason.PEER_ERROR: (Decision.DROP, ErrorCode.ERR_CHUNK),
}
_DEFAULT_ACTION: Final = (Decision.REPLY_ERROR, ErrorCode.ERR_CHUNK)


@dataclass(frozen=True, slots=True)
class HeaderError:
    """A refused header, with the reply it implies (like h11's ``error_status_hint``).

    ``decision`` is REPLY_ERROR or DROP; ``err`` is the rdma_err to send when replying
    (ERR_VERS for a version mismatch, ERR_CHUNK otherwise); an ERR_VERS reply carries the
    versions we support, ``low`` and ``high`` (RFC 8166 §4.5.1).
    """

    reason: Reason
    xid: int
    decision: Decision
    err: ErrorCode
    low: int = RPCRDMA_VERSION
    high: int = RPCRDMA_VERSION

    @classmethod
    def for_responder(cls, reason: Reason, xid: int) -> HeaderError:
        decision, err = _RESPONDER_ACTION.get(reason, _DEFAULT_ACTION)
        return cls(reason, xid, decision, err)

    @classmethod
    def for_requester(cls, reason: Reason, xid: int) -> HeaderError:
        # RFC 8166 §4.5.2: a requester that cannot parse a reply drops it.
        return cls(reason, xid, Decision.DROP, ErrorCode.ERR_CHUNK)

    def reply(self, credits: int) -> bytes:
        """Encode the RDMA_ERROR answer.

        **Raises:** ``ValueError`` when ``decision`` is DROP (there is nothing to send).
        """
        if self.decision is not Decision.REPLY_ERROR:
            raise ValueError(f"{self.reason.name} is dropped, not answered")
        return encode_error(self.xid, credits, self.err, self.low, self.high)


@dataclass(frozen=True, slots=True)
class TransportHeader:
    """A decoded RDMA_MSG or RDMA_NOMSG header (the kernel's ``svc_rdma_recv_ctxt`` pcls).

    ``call_pcl`` holds the position-zero Read chunk of a long call (RDMA_NOMSG), ``read_pcl``
    the other Read chunks sorted by position. ``inline_offset`` is where the inline RPC
    message starts in the received buffer and ``inline_length`` its length (0 for
    RDMA_NOMSG: bytes after such a header are ignored, RFC 8166 §3.5.3).
    """

    xid: int
    vers: int
    credits: int
    proc: Proc
    read_pcl: Pcl
    write_pcl: Pcl
    reply_pcl: Pcl
    call_pcl: Pcl
    inline_offset: int
    inline_length: int

    def regions(self) -> list[Region]:
        """The regions that rebuild this call (see :func:`call_regions`): for RDMA_NOMSG the
        inline regions are ranges of the position-zero chunk, not of the Receive buffer."""
        base = self.call_pcl.chunks[0].length if self.call_pcl.chunks else self.inline_length
        return call_regions(self.read_pcl, base)


@dataclass(frozen=True, slots=True)
class ErrorReply:
    """An RDMA_ERROR received by a requester. ``low``/``high`` are 0 unless ``err`` is ERR_VERS."""

    xid: int
    vers: int
    credits: int
    err: ErrorCode
    low: int
    high: int


# -- pass 1: check (walks words, allocates nothing proportional to the input) ----------------


def _word(buf: memoryview, offset: int) -> int:
    value: int = _U32.unpack_from(buf, offset)[0]
    return value


def check_read_list(buf: memoryview, offset: int, limits: Limits) -> int | Reason:
    """Walk the Read list starting at ``offset`` (its first discriminator).

    Checks each discriminator is 0 or 1, each entry is complete, the number of segments, each
    position is XDR-aligned (RFC 8166 §3.4.5), each segment length and the total length.

    **Returns:** the offset just past the list, or the :class:`Reason` it was refused for.
    """
    end = len(buf)
    count = 0
    total = 0
    while True:
        if offset + 4 > end:
            return Reason.TRUNCATED
        present = _word(buf, offset)
        offset += 4
        if present == 0:
            break
        if present != 1:
            return Reason.BAD_DISCRIMINATOR
        count += 1
        if count > limits.max_read_segments:
            return Reason.TOO_MANY_READ_SEGMENTS
        if offset + READ_SEGMENT_SIZE > end:
            return Reason.TRUNCATED
        position, _handle, length, _off = _READ_SEGMENT.unpack_from(buf, offset)
        offset += READ_SEGMENT_SIZE
        if position % 4:
            return Reason.POSITION_UNALIGNED
        if length > limits.max_segment_length:
            return Reason.SEGMENT_TOO_LONG
        total += length
    if total > limits.max_payload:
        return Reason.PAYLOAD_TOO_LONG
    return offset


def _check_write_chunk(
    buf: memoryview, offset: int, limits: Limits, allow_empty: bool
) -> int | Reason:
    end = len(buf)
    if offset + 4 > end:
        return Reason.TRUNCATED
    count = _word(buf, offset)
    offset += 4
    if count == 0 and not allow_empty:
        return Reason.EMPTY_CHUNK
    if count > limits.max_segments_per_chunk:
        return Reason.TOO_MANY_SEGMENTS
    # The count is compared with the bytes left before anything loops over it.
    if count * SEGMENT_SIZE > end - offset:
        return Reason.TRUNCATED
    total = 0
    for _ in range(count):
        length = _word(buf, offset + 4)
        offset += SEGMENT_SIZE
        if length > limits.max_segment_length:
            return Reason.SEGMENT_TOO_LONG
        total += length
    if total > limits.max_payload:
        return Reason.PAYLOAD_TOO_LONG
    return offset


def check_write_list(
    buf: memoryview, offset: int, limits: Limits, allow_empty: bool = False
) -> int | Reason:
    """Walk the Write list starting at ``offset`` (its first discriminator).

    Checks discriminators, the number of chunks, each chunk's segment count (against the
    limit and the bytes left), segment lengths and each chunk's capacity. A chunk with no
    segment is refused unless ``allow_empty`` (a reply may return an unused Write chunk with
    no segments, RFC 8166 §3.4.6.1).

    **Returns:** the offset just past the list, or the :class:`Reason` it was refused for.
    """
    end = len(buf)
    count = 0
    while True:
        if offset + 4 > end:
            return Reason.TRUNCATED
        present = _word(buf, offset)
        offset += 4
        if present == 0:
            return offset
        if present != 1:
            return Reason.BAD_DISCRIMINATOR
        count += 1
        if count > limits.max_write_chunks:
            return Reason.TOO_MANY_WRITE_CHUNKS
        result = _check_write_chunk(buf, offset, limits, allow_empty)
        if isinstance(result, Reason):
            return result
        offset = result


def check_reply_chunk(
    buf: memoryview, offset: int, limits: Limits, allow_empty: bool = False
) -> int | Reason:
    """Walk the optional Reply chunk at ``offset``, with the checks of :func:`check_write_list`.

    **Returns:** the offset just past it (where the inline RPC message starts), or a Reason.
    """
    if offset + 4 > len(buf):
        return Reason.TRUNCATED
    present = _word(buf, offset)
    if present == 0:
        return offset + 4
    if present != 1:
        return Reason.BAD_DISCRIMINATOR
    return _check_write_chunk(buf, offset + 4, limits, allow_empty)


# -- pass 2: parse (builds objects from words pass 1 accepted) -------------------------------


def parse_read_list(buf: memoryview, offset: int) -> tuple[Pcl, Pcl]:
    """Build ``(call_pcl, read_pcl)`` from the Read list at ``offset``.

    **Assumptions:** the list passed :func:`check_read_list` (complete, counts bounded). The
    Read list may be out of position order: segments are grouped by position in list order
    (``pcl_alloc_call``/``pcl_alloc_read``) and the chunks sorted (``pcl_insert_position``).
    Position zero goes to the call chunk.
    """
    by_position: dict[int, list[Segment]] = {}
    while _word(buf, offset):
        position, handle, length, off = _READ_SEGMENT.unpack_from(buf, offset + 4)
        offset += 4 + READ_SEGMENT_SIZE
        by_position.setdefault(position, []).append(Segment(handle, length, off))
    call_segments = by_position.pop(0, None)
    call_pcl = Pcl((Chunk(0, tuple(call_segments)),)) if call_segments else EMPTY_PCL
    chunks = tuple(Chunk(p, tuple(segs)) for p, segs in sorted(by_position.items()))
    return call_pcl, (Pcl(chunks) if chunks else EMPTY_PCL)


def _parse_write_chunk(buf: memoryview, offset: int) -> tuple[Chunk, int]:
    count = _word(buf, offset)
    offset += 4
    segments = tuple(
        Segment(*_SEGMENT.unpack_from(buf, offset + i * SEGMENT_SIZE)) for i in range(count)
    )
    return Chunk(0, segments), offset + count * SEGMENT_SIZE


def parse_write_list(buf: memoryview, offset: int) -> Pcl:
    """Build the Write list at ``offset`` into a Pcl, chunks in list order.

    **Assumptions:** the list passed :func:`check_write_list`, so every segment count is
    bounded and backed by bytes in ``buf``.
    """
    chunks = []
    while _word(buf, offset):
        chunk, offset = _parse_write_chunk(buf, offset + 4)
        chunks.append(chunk)
    return Pcl(tuple(chunks)) if chunks else EMPTY_PCL


def parse_reply_chunk(buf: memoryview, offset: int) -> Pcl:
    """Build the Reply chunk at ``offset`` into a Pcl of zero or one chunk.

    **Assumptions:** it passed :func:`check_reply_chunk`.
    """
    if not _word(buf, offset):
        return EMPTY_PCL
    chunk, _ = _parse_write_chunk(buf, offset + 4)
    return Pcl((chunk,))


def check_read_positions(read_pcl: Pcl, base_length: int) -> int | Reason:
    """Check the Read chunks (not the call chunk) against the message they go into.

    A position is an offset in the rebuilt XDR stream (RFC 8166 §3.4.5.1), where a chunk of
    length ``L`` takes ``xdr_align(L)`` bytes. Chunks must not overlap, and each must fall
    inside the call: its position, less the space of the chunks before it, must not pass the
    end of ``base_length`` (the inline message, or the call chunk for RDMA_NOMSG).

    **Assumptions:** ``read_pcl`` comes from :func:`parse_read_list` (sorted, aligned).

    **Returns:** the length of the rebuilt call, or the :class:`Reason` it was refused for.
    """
    inserted = 0  # bytes taken by earlier chunks in the rebuilt stream
    end = 0  # end of the previous chunk's data in the rebuilt stream
    for chunk in read_pcl:
        if chunk.position < end:
            return Reason.POSITION_OVERLAP
        if chunk.position - inserted > base_length:
            return Reason.POSITION_BEYOND_CALL
        length = chunk.length
        inserted += xdr_align(length)
        end = chunk.position + length
    return base_length + inserted


# -- the two decoders ------------------------------------------------------------------------


def decode_header(
    buf: bytes | bytearray | memoryview, limits: Limits = DEFAULT_LIMITS
) -> TransportHeader | HeaderError:
    """Decode and validate a call's transport header, as a responder.

    **Assumptions:** ``buf`` is exactly the bytes of one Receive.

    **Returns:** a :class:`TransportHeader`, or a :class:`HeaderError` whose ``decision`` says
    whether to answer with RDMA_ERROR (ERR_VERS for a version other than 1, ERR_CHUNK for any
    other parse error, RFC 8166 §4.5) or to drop the message.

    **Raises:** nothing for any input bytes.
    """
    view = memoryview(buf).cast("B")
    n = len(view)
    if n < 4:
        return HeaderError.for_responder(Reason.NO_XID, 0)
    xid = _word(view, 0)
    if n > limits.inline_size:
        return HeaderError.for_responder(Reason.OVERSIZED, xid)
    if n < 8:
        return HeaderError.for_responder(Reason.SHORT_HEADER, xid)
    vers = _word(view, 4)
    if vers != RPCRDMA_VERSION:
        return HeaderError.for_responder(Reason.BAD_VERSION, xid)
    if n < FIXED_HEADER_SIZE:
        return HeaderError.for_responder(Reason.SHORT_HEADER, xid)
    credits = _word(view, 8)
    proc = _word(view, 12)
    if proc == Proc.RDMA_MSGP:
        return HeaderError.for_responder(Reason.RETIRED_MSGP, xid)
    if proc == Proc.RDMA_DONE:
        return HeaderError.for_responder(Reason.RETIRED_DONE, xid)
    if proc == Proc.RDMA_ERROR:
        return HeaderError.for_responder(Reason.PEER_ERROR, xid)
    if proc not in (Proc.RDMA_MSG, Proc.RDMA_NOMSG):
        return HeaderError.for_responder(Reason.UNKNOWN_PROC, xid)

    write_at = check_read_list(view, FIXED_HEADER_SIZE, limits)
    if isinstance(write_at, Reason):
        return HeaderError.for_responder(write_at, xid)
    reply_at = check_write_list(view, write_at, limits)
    if isinstance(reply_at, Reason):
        return HeaderError.for_responder(reply_at, xid)
    inline_offset = check_reply_chunk(view, reply_at, limits)
    if isinstance(inline_offset, Reason):
        return HeaderError.for_responder(inline_offset, xid)

    call_pcl, read_pcl = parse_read_list(view, FIXED_HEADER_SIZE)
    write_pcl = parse_write_list(view, write_at)
    reply_pcl = parse_reply_chunk(view, reply_at)

    if proc == Proc.RDMA_MSG:
        # RFC 8166 §3.5.3: only a long call (RDMA_NOMSG) has a position-zero Read chunk.
        if not call_pcl.is_empty:
            return HeaderError.for_responder(Reason.CALL_CHUNK_IN_MSG, xid)
        inline_length = n - inline_offset
        # RFC 8166 §4.5.2 names a rdma_xid that differs from the RPC XID as an XDR error.
        if inline_length < 4 or _word(view, inline_offset) != xid:
            return HeaderError.for_responder(Reason.XID_MISMATCH, xid)
        base_length = inline_length
    else:
        if call_pcl.is_empty:
            return HeaderError.for_responder(Reason.NOMSG_WITHOUT_CHUNK, xid)
        inline_length = 0
        base_length = call_pcl.chunks[0].length
    positions = check_read_positions(read_pcl, base_length)
    if isinstance(positions, Reason):
        return HeaderError.for_responder(positions, xid)
    return TransportHeader(
        xid,
        vers,
        credits,
        Proc(proc),
        read_pcl,
        write_pcl,
        reply_pcl,
        call_pcl,
        inline_offset,
        inline_length,
    )


def decode_reply_header(
    buf: bytes | bytearray | memoryview, limits: Limits = DEFAULT_LIMITS
) -> TransportHeader | ErrorReply | HeaderError:
    """Decode a reply's transport header, as a requester (our client, tests).

    A reply has an empty Read list; its Write list and Reply chunk echo the requester's with
    the lengths actually written, so chunks with no or empty segments are accepted.

    **Returns:** a :class:`TransportHeader` (RDMA_MSG/RDMA_NOMSG), an :class:`ErrorReply`
    (RDMA_ERROR), or a :class:`HeaderError` whose decision is always DROP (RFC 8166 §4.5.2).

    **Raises:** nothing for any input bytes.
    """
    view = memoryview(buf).cast("B")
    n = len(view)
    if n < 4:
        return HeaderError.for_requester(Reason.NO_XID, 0)
    xid = _word(view, 0)
    if n < FIXED_HEADER_SIZE:
        return HeaderError.for_requester(Reason.SHORT_HEADER, xid)
    vers, credits, proc = _word(view, 4), _word(view, 8), _word(view, 12)
    if vers != RPCRDMA_VERSION:
        return HeaderError.for_requester(Reason.BAD_VERSION, xid)
    if proc == Proc.RDMA_ERROR:
        return _decode_error_body(view, xid, vers, credits)
    if proc not in (Proc.RDMA_MSG, Proc.RDMA_NOMSG):
        return HeaderError.for_requester(Reason.UNKNOWN_PROC, xid)
    if n < FIXED_HEADER_SIZE + 4:
        return HeaderError.for_requester(Reason.TRUNCATED, xid)
    present = _word(view, FIXED_HEADER_SIZE)
    if present not in (0, 1):
        return HeaderError.for_requester(Reason.BAD_DISCRIMINATOR, xid)
    if present:
        return HeaderError.for_requester(Reason.READ_LIST_IN_REPLY, xid)
    write_at = FIXED_HEADER_SIZE + 4
    reply_at = check_write_list(view, write_at, limits, allow_empty=True)
    if isinstance(reply_at, Reason):
        return HeaderError.for_requester(reply_at, xid)
    inline_offset = check_reply_chunk(view, reply_at, limits, allow_empty=True)
    if isinstance(inline_offset, Reason):
        return HeaderError.for_requester(inline_offset, xid)
    write_pcl = parse_write_list(view, write_at)
    reply_pcl = parse_reply_chunk(view, reply_at)
    inline_length = n - inline_offset
    if proc == Proc.RDMA_MSG:
        if inline_length < 4 or _word(view, inline_offset) != xid:
            return HeaderError.for_requester(Reason.XID_MISMATCH, xid)
    else:
        if reply_pcl.is_empty:
            return HeaderError.for_requester(Reason.NOMSG_WITHOUT_CHUNK, xid)
        inline_length = 0
    return TransportHeader(
        xid,
        vers,
        credits,
        Proc(proc),
        EMPTY_PCL,
        write_pcl,
        reply_pcl,
        EMPTY_PCL,
        inline_offset,
        inline_length,
    )


def _decode_error_body(
    view: memoryview, xid: int, vers: int, credits: int
) -> ErrorReply | HeaderError:
    n = len(view)
    if n < FIXED_HEADER_SIZE + 4:
        return HeaderError.for_requester(Reason.TRUNCATED, xid)
    err = _word(view, FIXED_HEADER_SIZE)
    if err == ErrorCode.ERR_CHUNK:
        return ErrorReply(xid, vers, credits, ErrorCode.ERR_CHUNK, 0, 0)
    if err != ErrorCode.ERR_VERS:
        return HeaderError.for_requester(Reason.UNKNOWN_ERROR_CODE, xid)
    if n < FIXED_HEADER_SIZE + 12:
        return HeaderError.for_requester(Reason.TRUNCATED, xid)
    low, high = _word(view, FIXED_HEADER_SIZE + 4), _word(view, FIXED_HEADER_SIZE + 8)
    return ErrorReply(xid, vers, credits, ErrorCode.ERR_VERS, low, high)


# -- encoders --------------------------------------------------------------------------------


def _segment_words(words: list[int], segments: Iterable[Segment]) -> None:
    for seg in segments:
        words += (seg.handle, seg.length, seg.offset >> 32, seg.offset & _LO32)


def _counted_chunk_words(words: list[int], segments: Sequence[Segment]) -> None:
    words.append(len(segments))
    _segment_words(words, segments)


def _pack(words: list[int]) -> bytes:
    return struct.pack(f">{len(words)}I", *words)


def encode_call_header(
    xid: int,
    credits: int,
    proc: Proc,
    read_chunks: Iterable[Chunk] = (),
    write_chunks: Iterable[Chunk] = (),
    reply_chunk: Chunk | None = None,
) -> bytes:
    """Encode a requester's transport header (the RPC message, if inline, is appended by the
    caller). Each Read chunk becomes one Read segment per segment, all at its position; a
    long call (RDMA_NOMSG) passes its message as a Read chunk at position 0.

    **Raises:** ``struct.error`` when a field does not fit its XDR type.
    """
    words = [xid, RPCRDMA_VERSION, credits, proc]
    for chunk in read_chunks:
        for rs in chunk.read_segments():
            words += (1, rs.position, rs.handle, rs.length, rs.offset >> 32, rs.offset & _LO32)
    words.append(0)
    for chunk in write_chunks:
        words.append(1)
        _counted_chunk_words(words, chunk.segments)
    words.append(0)
    if reply_chunk is None:
        words.append(0)
    else:
        words.append(1)
        _counted_chunk_words(words, reply_chunk.segments)
    return _pack(words)


def encode_reply_header(
    xid: int,
    credits: int,
    proc: Proc,
    write_results: Iterable[Sequence[Segment]] = (),
    reply_result: Sequence[Segment] | None = None,
) -> bytes:
    """Encode a responder's transport header for RDMA_MSG or RDMA_NOMSG.

    ``write_results`` has one entry per Write chunk of the call, in order, and ``reply_result``
    is given when the call had a Reply chunk: each is the chunk's segments with the lengths
    actually written (:func:`written_segments`; RFC 8166 §3.4.6.2). The Read list of a reply
    is always empty. Use RDMA_NOMSG when the reply went by the Reply chunk (RFC 8166 §3.5.3).

    **Raises:** ``struct.error`` when a field does not fit its XDR type.
    """
    words = [xid, RPCRDMA_VERSION, credits, proc, 0]
    for segments in write_results:
        words.append(1)
        _counted_chunk_words(words, segments)
    words.append(0)
    if reply_result is None:
        words.append(0)
    else:
        words.append(1)
        _counted_chunk_words(words, reply_result)
    return _pack(words)


def encode_error(
    xid: int,
    credits: int,
    err: ErrorCode,
    low: int = RPCRDMA_VERSION,
    high: int = RPCRDMA_VERSION,
) -> bytes:
    """Encode an RDMA_ERROR message (RFC 8166 §4.5). ERR_VERS carries the inclusive range
    ``low``..``high`` of versions we support; ERR_CHUNK carries nothing more."""
    words = [xid, RPCRDMA_VERSION, credits, Proc.RDMA_ERROR, err]
    if err == ErrorCode.ERR_VERS:
        words += (low, high)
    return _pack(words)
