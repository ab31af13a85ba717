"""XDR stream reader/writer and the RpcBuffer reply shape (the kernel's xdr_buf).

Operation
---------
Receive side: the transport builds an `XdrReader` over the inline call bytes (a memoryview
into pool pages on TCP, with ``owner`` = the BvecList those bytes live in and ``base_offset`` =
where the view starts inside it; on RDMA with ``chunks`` = the Read chunks pulled by RDMA READ,
keyed by their position).  Generated decoders read ``data``/``pos`` directly.  An opaque payload
(NFS WRITE data) is never copied: `XdrReader.read_payload` returns a BvecList slice of the owner
or the RDMA chunk.

Send side: encoders append to `XdrWriter.buf`.  `XdrWriter.write_payload` writes the length word
and records where the payload goes (a message may carry several).  `XdrWriter.finish` returns
an `RpcBuffer`: inline parts with the payload bvecs (and their pads) between them, which TCP
sends with one scatter-gather write and RDMA splits into Write chunks (the nth payload in the
nth chunk, RFC 8267) plus what goes inline.

Payload ownership: a payload returned by `read_payload` never owns pages; whoever built the
reader (the transport) releases ``owner``/``chunks`` after the reply went out.  A payload passed
to `write_payload` is owned by the RpcBuffer: `RpcBuffer.release` returns all their pages.
"""

from __future__ import annotations

import itertools
import struct
from typing import TYPE_CHECKING, Any, Protocol

from rpc.errors import RpcInternalError, XdrError

if TYPE_CHECKING:
    from storage.bvec import BvecList  # noqa: F401  (documentation of the duck type)

__all__ = ["BytesPayload", "PayloadLike", "RpcBuffer", "XdrReader", "XdrWriter"]

_U32 = struct.Struct(">I")
_I32 = struct.Struct(">i")
_U64 = struct.Struct(">Q")
_I64 = struct.Struct(">q")
_ZERO_PAD = b"\0\0\0"
_PADS = (b"", b"\0\0\0", b"\0\0", b"\0")


class PayloadLike(Protocol):
    """The duck type of a payload: storage.bvec.BvecList or `BytesPayload`."""

    nbytes: int

    def views(self) -> list[memoryview]: ...
    def slice(self, start: int, length: int) -> Any: ...
    def release(self) -> None: ...


class BytesPayload:
    """A payload over plain bytes (tests, clients, cached replies): the BvecList duck interface.

    Never counts as a payload copy: it only wraps memory someone already has.
    """

    __slots__ = ("_mv", "nbytes")

    def __init__(self, data: bytes | bytearray | memoryview) -> None:
        mv = data if data.__class__ is memoryview else memoryview(data)  # type: ignore[arg-type]
        if mv.format != "B" or mv.ndim != 1:
            mv = mv.cast("B")
        self._mv = mv
        self.nbytes = len(mv)

    def views(self) -> list[memoryview]:
        return [self._mv] if self.nbytes else []

    def slice(self, start: int, length: int) -> BytesPayload:
        if start < 0 or length < 0 or start + length > self.nbytes:
            raise ValueError(f"slice [{start}, +{length}) outside payload of {self.nbytes}")
        return BytesPayload(self._mv[start : start + length])

    def release(self) -> None:
        return None

    def tobytes(self) -> bytes:
        return self._mv.tobytes()

    def __repr__(self) -> str:
        return f"BytesPayload(nbytes={self.nbytes})"


def payload_bytes(payload: PayloadLike) -> bytes:
    """Copy a payload's bytes (tests/cached replies only; counted in storage.copies if present)."""
    out = b"".join(payload.views())
    if not isinstance(payload, BytesPayload) and out:
        try:
            from storage.copies import COPIES
        except ImportError:  # pragma: no cover - storage not installed
            pass
        else:
            COPIES.add(len(out), "rpc.payload_bytes")
    return out


class RpcBuffer:
    """One encoded RPC message: inline parts with zero-copy payloads between them.

    The parts alternate: ``inline[0]``, payload 1 (+ its XDR pad), ``inline[1]``, payload 2,
    ..., ``inline[n]`` (inline parts may be empty).  A COMPOUND with several READs has several
    payloads; RDMA sends the nth through the client's nth Write chunk (RFC 8267 section 4).

    One-payload views, kept for code written before there could be several: ``head`` (the
    inline bytes before the first payload, or the whole message without one), ``payload``,
    ``payload_pad`` and ``tail`` (`RpcInternalError` on a buffer with several payloads, so
    such code fails loudly instead of dropping data), ``payload_xdr_offset`` (the payload
    data's byte offset in the XDR stream, ``len(head)``; None without a payload).
    """

    __slots__ = ("inline", "pads", "payloads")

    def __init__(
        self,
        head: bytes | bytearray | memoryview,
        payload: PayloadLike | None = None,
        payload_pad: int = 0,
        tail: bytes | bytearray | memoryview = b"",
    ) -> None:
        if payload is None:
            if payload_pad:
                raise RpcInternalError("a payload pad without a payload")
            # A tail without a payload is just more inline bytes (rare: joined, not kept apart).
            self.inline: list[bytes | bytearray | memoryview] = [
                bytes(head) + bytes(tail) if len(tail) else head]
            self.payloads: list[PayloadLike] = []
            self.pads: list[int] = []
        else:
            self.inline = [head, tail]
            self.payloads = [payload]
            self.pads = [payload_pad]

    @classmethod
    def from_parts(
        cls,
        inline: list[bytes | bytearray | memoryview],
        payloads: list[PayloadLike],
    ) -> RpcBuffer:
        """A buffer of ``len(payloads) + 1`` inline parts around ``payloads`` (pads implied).

        Raises:
            RpcInternalError: the counts do not alternate.
        """
        if len(inline) != len(payloads) + 1:
            raise RpcInternalError(f"{len(inline)} inline parts around {len(payloads)} payloads")
        rb = cls.__new__(cls)
        rb.inline = list(inline)
        rb.payloads = list(payloads)
        rb.pads = [-p.nbytes & 3 for p in payloads]
        return rb

    def _one(self) -> None:
        if len(self.payloads) > 1:
            raise RpcInternalError(f"{len(self.payloads)} payloads: use parts(), not payload/tail")

    @property
    def head(self) -> bytes | bytearray | memoryview:
        return self.inline[0]

    @property
    def payload(self) -> PayloadLike | None:
        self._one()
        return self.payloads[0] if self.payloads else None

    @property
    def payload_pad(self) -> int:
        self._one()
        return self.pads[0] if self.pads else 0

    @property
    def tail(self) -> bytes | bytearray | memoryview:
        self._one()
        return self.inline[1] if self.payloads else b""

    @property
    def payload_xdr_offset(self) -> int | None:
        self._one()
        return len(self.inline[0]) if self.payloads else None

    def payload_offsets(self) -> list[int]:
        """Each payload's data offset in the XDR stream (pads of earlier payloads counted)."""
        out = []
        at = 0
        for i, p in enumerate(self.payloads):
            at += len(self.inline[i])
            out.append(at)
            at += p.nbytes + self.pads[i]
        return out

    def parts(self) -> list[tuple[bytes | bytearray | memoryview, PayloadLike | None, int]]:
        """``(inline, payload, pad)`` in wire order; the last has payload None and pad 0."""
        out: list[tuple[bytes | bytearray | memoryview, PayloadLike | None, int]] = [
            (self.inline[i], p, self.pads[i]) for i, p in enumerate(self.payloads)]
        out.append((self.inline[-1], None, 0))
        return out

    @property
    def nbytes(self) -> int:
        """Wire size with the XDR pads (what TCP sends)."""
        if not self.payloads:  # one inline part (the metrics read it for every reply)
            return len(self.inline[0])
        return (sum(len(x) for x in self.inline) + sum(p.nbytes for p in self.payloads)
                + sum(self.pads))

    @property
    def payload_nbytes(self) -> int:
        return sum(p.nbytes for p in self.payloads)

    def wire_views(self, with_pad: bool = True) -> list[memoryview]:
        """Scatter-gather list of the message; empty pieces are omitted.

        ``with_pad=False`` leaves out the payloads' XDR pads (RPC-over-RDMA writes payloads
        without them, RFC 8166 section 3.4.6).
        """
        out: list[memoryview] = []
        for inline, payload, pad in self.parts():
            if len(inline):
                out.append(memoryview(inline))
            if payload is not None:
                out.extend(payload.views())
                if with_pad and pad:
                    out.append(memoryview(_ZERO_PAD)[:pad])
        return out

    def wire_sizes(self) -> tuple[list[memoryview], int, int]:
        """``(wire_views(), their total bytes, payload bytes)`` in one pass: what a TCP send
        needs (the record mark's length, the pages it pins), without summing the views."""
        payloads = self.payloads
        if not payloads:  # every reply but READ/READDIR-like ones: one inline part
            head = self.inline[0]
            n = len(head)
            return ([memoryview(head)] if n else []), n, 0
        out: list[memoryview] = []
        total = pn = 0
        inline, pads = self.inline, self.pads
        for i, p in enumerate(payloads):
            x = inline[i]
            if n := len(x):
                out.append(memoryview(x))
                total += n
            out.extend(p.views())
            pn += p.nbytes
            if pad := pads[i]:
                out.append(memoryview(_ZERO_PAD)[:pad])
                total += pad
        x = inline[-1]
        if n := len(x):
            out.append(memoryview(x))
            total += n
        return out, total + pn, pn

    def inline_views(self) -> list[memoryview]:
        """The inline parts only (what remains when every payload goes by a Write chunk)."""
        return [memoryview(x) for x in self.inline if len(x)]

    def tobytes(self) -> bytes:
        """The whole message as bytes, pads included (copies payloads: tests/DRC only)."""
        out = []
        for inline, payload, pad in self.parts():
            out.append(bytes(inline))
            if payload is not None:
                out.append(payload_bytes(payload))
                out.append(_ZERO_PAD[:pad])
        return b"".join(out)

    def detached(self) -> RpcBuffer:
        """A copy over bytes of its own (payloads become `BytesPayload`s): what a reply cache
        keeps after the original's pages went back to the pool."""
        if not self.payloads:  # every NFSv3 reply the DRC keeps: one inline part, one copy
            return RpcBuffer(bytes(self.inline[0]))
        return RpcBuffer.from_parts([bytes(x) for x in self.inline],
                                    [BytesPayload(payload_bytes(p)) for p in self.payloads])

    def clone(self) -> RpcBuffer:
        """Another buffer over the same parts (no copy): only for buffers whose payloads
        own nothing (`BytesPayload`), since both would release them."""
        return RpcBuffer.from_parts(self.inline, self.payloads)

    def release(self) -> None:
        """Return the payloads' pages (idempotent)."""
        for p in self.payloads:
            p.release()

    def __repr__(self) -> str:
        if len(self.payloads) <= 1:
            p = self.payloads[0].nbytes if self.payloads else None
            return (f"RpcBuffer(head={len(self.head)}, payload={p}, pad={self.payload_pad}, "
                    f"tail={len(self.tail)})")
        return (f"RpcBuffer(inline={[len(x) for x in self.inline]}, "
                f"payloads={[p.nbytes for p in self.payloads]})")


class XdrWriter:
    """Append-only XDR encoder over one bytearray, with zero-copy payloads between its bytes.

    Generated encoders append to ``buf`` directly.  After `finish` the writer must not be used.
    """

    __slots__ = ("_finished", "_payloads", "_splits", "buf")

    def __init__(self) -> None:
        self.buf = bytearray()
        self._payloads: list[PayloadLike] = []
        self._splits: list[int] = []
        self._finished = False

    def __len__(self) -> int:
        """XDR bytes written so far, counting the payloads and their pads."""
        n = len(self.buf)
        for p in self._payloads:
            n += p.nbytes + (-p.nbytes & 3)
        return n

    def write_uint32(self, v: int) -> None:
        self.buf += _U32.pack(v)

    def write_int32(self, v: int) -> None:
        self.buf += _I32.pack(v)

    def write_uint64(self, v: int) -> None:
        self.buf += _U64.pack(v)

    def write_int64(self, v: int) -> None:
        self.buf += _I64.pack(v)

    def write_bool(self, v: bool) -> None:
        self.buf += _U32.pack(1 if v else 0)

    def write_opaque(self, data: bytes | bytearray | memoryview) -> None:
        """Fixed-length opaque: the bytes and their pad."""
        n = len(data)
        self.buf += data
        self.buf += _PADS[n & 3]

    def write_var_opaque(self, data: bytes | bytearray | memoryview) -> None:
        n = len(data)
        self.buf += _U32.pack(n)
        self.buf += data
        self.buf += _PADS[n & 3]

    write_string = write_var_opaque

    def write_bytes(self, data: bytes | bytearray | memoryview) -> None:
        """Raw, already-encoded XDR bytes."""
        self.buf += data

    def write_payload(self, payload: PayloadLike) -> None:
        """Write an opaque<> whose data stays ``payload`` (zero copy); a message may carry
        several (a COMPOUND with several READs), each owned by the finished RpcBuffer.

        Raises:
            RpcInternalError: the writer is finished.
        """
        if self._finished:
            raise RpcInternalError("write_payload on a finished XdrWriter")
        self.buf += _U32.pack(payload.nbytes)
        self._splits.append(len(self.buf))
        self._payloads.append(payload)

    def discard(self) -> None:
        """Abandon the message: release the payloads (if any); the writer is finished."""
        self._finished = True
        payloads, self._payloads = self._payloads, []
        for p in payloads:
            p.release()

    def finish(self) -> RpcBuffer:
        """The encoded message.  Inline parts are views of the writer's buffer (no copy)."""
        if self._finished:
            raise RpcInternalError("XdrWriter.finish called twice")
        self._finished = True
        payloads = self._payloads
        if not payloads:
            return RpcBuffer(self.buf)
        mv = memoryview(self.buf)
        if len(payloads) == 1:  # a READ reply: head and tail around the data, no cut list
            split = self._splits[0]
            rb = RpcBuffer.__new__(RpcBuffer)
            rb.inline = [mv[:split], mv[split:]]
            rb.payloads = payloads
            rb.pads = [-payloads[0].nbytes & 3]
            return rb
        cuts = [0, *self._splits, len(mv)]
        return RpcBuffer.from_parts([mv[a:b] for a, b in itertools.pairwise(cuts)],
                                    self._payloads)


class XdrReader:
    """XDR decoder over a memoryview of inline bytes.

    Args:
        data: the inline XDR bytes (exactly the message: reads past the end fail).
        owner: the BvecList ``data`` is a view into (TCP: the record's pool pages), used by
            `read_payload` to return payload slices without copying.
        base_offset: byte offset of ``data[0]`` inside ``owner``.
        chunks: RDMA Read chunks by position (RFC 8166 section 3.5.3): the offset in the inline
            stream, right after the opaque's length word, where the chunk's data was removed.
            The inline stream contains neither the data nor its pad.
    """

    __slots__ = ("base_offset", "chunks", "data", "owner", "pos")

    def __init__(
        self,
        data: bytes | bytearray | memoryview,
        owner: PayloadLike | None = None,
        base_offset: int = 0,
        chunks: dict[int, Any] | None = None,
        pos: int = 0,
    ) -> None:
        mv = data if data.__class__ is memoryview else memoryview(data)  # type: ignore[arg-type]
        if mv.format != "B" or mv.ndim != 1:
            mv = mv.cast("B")
        self.data = mv
        self.pos = pos
        self.owner = owner
        self.base_offset = base_offset
        self.chunks = chunks

    @property
    def remaining(self) -> int:
        return len(self.data) - self.pos

    @property
    def nbytes(self) -> int:
        """Call size: inline bytes plus RDMA chunk bytes (for metrics)."""
        n = len(self.data)
        if self.chunks:
            n += sum(c.nbytes for c in self.chunks.values())
        return n

    def _need(self, n: int) -> int:
        p = self.pos
        if n > len(self.data) - p:
            raise XdrError(f"short input: need {n} bytes at {p}, have {len(self.data) - p}")
        self.pos = p + n
        return p

    def read_uint32(self) -> int:
        return _U32.unpack_from(self.data, self._need(4))[0]  # type: ignore[no-any-return]

    def read_int32(self) -> int:
        return _I32.unpack_from(self.data, self._need(4))[0]  # type: ignore[no-any-return]

    def read_uint64(self) -> int:
        return _U64.unpack_from(self.data, self._need(8))[0]  # type: ignore[no-any-return]

    def read_int64(self) -> int:
        return _I64.unpack_from(self.data, self._need(8))[0]  # type: ignore[no-any-return]

    def read_bool(self) -> bool:
        return self.read_uint32() != 0

    def read_opaque(self, n: int) -> bytes:
        """Fixed-length opaque (bytes copied: small fields only)."""
        p = self._need((n + 3) & ~3)
        return self.data[p : p + n].tobytes()

    def read_var_opaque(self, max: int | None = None) -> bytes:
        n = self.read_uint32()
        if max is not None and n > max:
            raise XdrError(f"opaque length {n} over max {max}")
        return self.read_opaque(n)

    read_string = read_var_opaque

    def read_view(self, n: int) -> memoryview:
        """The next n bytes as a view (no pad handling, no copy)."""
        p = self._need(n)
        return self.data[p : p + n]

    def rest(self) -> memoryview:
        """The unread inline bytes as a view (does not advance)."""
        return self.data[self.pos :]

    def read_payload(self, max: int | None = None) -> Any:
        """Read an opaque<> as a payload: a BvecList (or `BytesPayload`) sharing the call's pages.

        Assumptions: chunk positions follow RFC 8166 (after the length word); the transport
        releases ``owner`` and ``chunks`` after the reply, so the result is never an owner and
        callers must not release it.

        Returns:
            RDMA: the Read chunk at the current position (trimmed to n when the client sent the
            XDR pad, RFC 8166 section 3.4.5 roundup); TCP: ``owner.slice(base_offset + pos, n)``;
            no owner: a `BytesPayload` view of ``data``.

        Raises:
            XdrError: length over ``max``, a chunk whose size is neither n nor roundup(n), or
                inline data shorter than n + pad.
        """
        n = self.read_uint32()
        if max is not None and n > max:
            raise XdrError(f"payload length {n} over max {max}")
        chunks = self.chunks
        if chunks:
            chunk = chunks.get(self.pos)
            if chunk is not None:
                size = chunk.nbytes
                if size != n and size != ((n + 3) & ~3):
                    raise XdrError(f"read chunk of {size} bytes for opaque of length {n}")
                return chunk.slice(0, n)
        p = self._need((n + 3) & ~3)
        if self.owner is not None:
            return self.owner.slice(self.base_offset + p, n)
        return BytesPayload(self.data[p : p + n])
