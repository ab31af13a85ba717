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
and records where the payload goes; everything written before it is the head, after it the
tail.  `XdrWriter.finish` returns an `RpcBuffer` (head, payload bvecs, pad, tail) which TCP sends
with one scatter-gather write and RDMA splits into a Write chunk plus inline head/tail.

Payload ownership: a payload returned by `read_payload` never owns pages; whoever built the
reader (the transport) releases ``owner``/``chunks`` after the reply went out.  A payload passed
to `write_payload` is owned by the RpcBuffer: `RpcBuffer.release` returns its pages.
"""

from __future__ import annotations

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
        mv = data if isinstance(data, memoryview) else memoryview(data)
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
    """One encoded RPC message: ``head`` + ``payload`` (+ ``payload_pad`` zero bytes) + ``tail``.

    Invariants: ``payload is None`` implies ``payload_pad == 0`` and an empty tail is allowed;
    ``payload_xdr_offset`` is ``len(head)`` (the payload data's byte offset in the full XDR
    stream: RDMA matches it against the client's Write chunk) or None without a payload.
    """

    __slots__ = ("head", "payload", "payload_pad", "tail")

    def __init__(
        self,
        head: bytes | bytearray | memoryview,
        payload: PayloadLike | None = None,
        payload_pad: int = 0,
        tail: bytes | bytearray | memoryview = b"",
    ) -> None:
        self.head = head
        self.payload = payload
        self.payload_pad = payload_pad
        self.tail = tail

    @property
    def payload_xdr_offset(self) -> int | None:
        return len(self.head) if self.payload is not None else None

    @property
    def nbytes(self) -> int:
        """Wire size with the XDR pad (what TCP sends)."""
        n = len(self.head) + len(self.tail)
        if self.payload is not None:
            n += self.payload.nbytes + self.payload_pad
        return n

    def wire_views(self, with_pad: bool = True) -> list[memoryview]:
        """Scatter-gather list of the message; empty pieces are omitted.

        ``with_pad=False`` leaves out the payload's XDR pad (RPC-over-RDMA writes payloads
        without it, RFC 8166 section 3.4.6).
        """
        out: list[memoryview] = []
        if len(self.head):
            out.append(memoryview(self.head))
        if self.payload is not None:
            out.extend(self.payload.views())
            if with_pad and self.payload_pad:
                out.append(memoryview(_ZERO_PAD)[: self.payload_pad])
        if len(self.tail):
            out.append(memoryview(self.tail))
        return out

    def inline_views(self) -> list[memoryview]:
        """Head and tail only (the inline part when the payload goes by a Write chunk)."""
        return [memoryview(x) for x in (self.head, self.tail) if len(x)]

    def tobytes(self) -> bytes:
        """The whole message as bytes, pad included (copies the payload: tests/DRC only)."""
        parts = [bytes(self.head)]
        if self.payload is not None:
            parts.append(payload_bytes(self.payload))
            parts.append(_ZERO_PAD[: self.payload_pad])
        parts.append(bytes(self.tail))
        return b"".join(parts)

    def release(self) -> None:
        """Return the payload's pages (idempotent)."""
        if self.payload is not None:
            self.payload.release()

    def __repr__(self) -> str:
        p = None if self.payload is None else self.payload.nbytes
        return f"RpcBuffer(head={len(self.head)}, payload={p}, pad={self.payload_pad}, tail={len(self.tail)})"


class XdrWriter:
    """Append-only XDR encoder over one bytearray, with at most one zero-copy payload.

    Generated encoders append to ``buf`` directly.  After `finish` the writer must not be used.
    """

    __slots__ = ("_finished", "_pad", "_payload", "_split", "buf")

    def __init__(self) -> None:
        self.buf = bytearray()
        self._payload: PayloadLike | None = None
        self._split = 0
        self._pad = 0
        self._finished = False

    def __len__(self) -> int:
        """XDR bytes written so far, counting the payload and its pad."""
        n = len(self.buf)
        if self._payload is not None:
            n += self._payload.nbytes + self._pad
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
        """Write an opaque<> whose data stays ``payload`` (zero copy).

        Raises:
            RpcInternalError: a second payload in the same message, or the writer is finished.
        """
        if self._payload is not None or self._finished:
            raise RpcInternalError("only one payload per message")
        n = payload.nbytes
        self.buf += _U32.pack(n)
        self._split = len(self.buf)
        self._payload = payload
        self._pad = -n & 3

    def discard(self) -> None:
        """Abandon the message: release the payload (if any); the writer is finished."""
        self._finished = True
        if self._payload is not None:
            self._payload.release()
            self._payload = None

    def finish(self) -> RpcBuffer:
        """The encoded message.  Head and tail are views of the writer's buffer (no copy)."""
        if self._finished:
            raise RpcInternalError("XdrWriter.finish called twice")
        self._finished = True
        if self._payload is None:
            return RpcBuffer(self.buf)
        mv = memoryview(self.buf)
        return RpcBuffer(mv[: self._split], self._payload, self._pad, mv[self._split :])


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
        mv = data if isinstance(data, memoryview) else memoryview(data)
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
