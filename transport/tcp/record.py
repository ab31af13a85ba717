"""RPC record marking over TCP (RFC 5531 §11), sans-I/O, shaped for ``asyncio.BufferedProtocol``.

Operation
---------
A record is one RPC message sent as one or more fragments. Each fragment starts with a 4-byte
big-endian record mark: the top bit says "last fragment of this record", the low 31 bits give
the fragment length (RFC 5531 §11). Linux sends every call as one fragment.

The parser never owns a socket, a loop or a pool. It tells its caller *where the next bytes
go* (:meth:`RecordParser.get_buffer`), is told *how many arrived* (:meth:`buffer_updated`), and
answers with one event:

* ``NEED_DATA``: keep reading into the next :meth:`get_buffer`.
* :class:`NeedExtent`: the fragment mark said how many body bytes follow; the caller must obtain a
  contiguous extent of at least ``nbytes`` (from the page pool, waiting if need be) and hand it
  over with :meth:`provide_extent`. Until then :meth:`get_buffer` must not be called: the caller
  pauses reading.
* :class:`Record`: a complete record; ownership of the extent passes to the caller.

Reads stop where payload could begin. A header buffer holds a fragment's mark and, at a
record boundary, up to ``LOOKAHEAD`` bytes more; a body buffer is the rest of the current
fragment inside the extent, plus, at the end of a record's last fragment, up to
``LOOKAHEAD`` bytes of what follows when the extent's last page has room. So one receive
takes the rest of one small call *and* the head of the next (a pipelined burst costs one
receive per call, not two; a lone call costs two, the second one short, and no third that
finds the socket empty). Every byte read past a record boundary this way lies within
``LOOKAHEAD`` bytes of it, i.e. in the next message's fixed RPC header (the 40 bytes from
the xid to the verifier's length: never payload); those bytes are copied into the next
record's extent when it is provided (header bytes, not counted as payload copies). The body of
a record, a 1 MiB WRITE's payload included, still lands straight in pool pages (one
``recv_into`` for a Linux WRITE) and no payload byte ever moves between buffers, except when a
later fragment outgrows the extent (multi-fragment records; rare): the prior bytes are copied
once into a larger extent and :meth:`provide_extent` returns how many bytes it copied so the
caller can count them.

One receive can thus complete a record and start the next: after handling the event that
:meth:`buffer_updated` returned (and after :meth:`provide_extent`), the caller asks
:meth:`next_event` for the next one until it says ``NEED_DATA``.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final, Protocol

__all__ = [
    "DEFAULT_MAX_RECORD",
    "LAST_FRAGMENT",
    "LOOKAHEAD",
    "MARK_SIZE",
    "NEED_DATA",
    "NeedExtent",
    "Record",
    "RecordError",
    "RecordParser",
    "encode_mark",
]

MARK_SIZE: Final = 4
LAST_FRAGMENT: Final = 0x8000_0000
_LENGTH_MASK: Final = 0x7FFF_FFFF
_MARK = struct.Struct(">I")
_unpack_mark = _MARK.unpack_from

#: Bytes read past a record boundary with the end of the record before it (see the module
#: doc): at most this far into the bytes that follow, every byte is a record mark or one of
#: the first 36 bytes of an RPC message, whose fixed call header is 40 bytes long (xid,
#: direction, RPC version, program, version, procedure, credential flavor and length,
#: verifier flavor and length; RFC 5531 section 9): never payload.
LOOKAHEAD: Final = 40

# A 1 MiB NFSv3 WRITE plus generous room for the RPC header, AUTH_SYS credential (at most
# 400 bytes of body, RFC 5531 §8.2 + appendix A) and WRITE3args (fh <= 64 bytes + offsets):
# 64 KiB of slack covers all of that many times over while still bounding what one
# connection can make us allocate for a single record.
DEFAULT_MAX_RECORD: Final = (1 << 20) + (64 << 10)


def encode_mark(length: int, last: bool = True) -> bytes:
    """Return the 4-byte record mark for a fragment of ``length`` bytes.

    **Raises** ``ValueError`` if ``length`` does not fit in 31 bits.
    """
    if not 0 <= length <= _LENGTH_MASK:
        raise ValueError(f"fragment length {length} out of range")
    return _MARK.pack(length | (LAST_FRAGMENT if last else 0))


class RecordError(Exception):
    """The peer broke record marking; the connection cannot be resynchronised and must close.

    ``reason`` is a short, log-friendly description.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class _NeedData:
    __slots__ = ()

    def __repr__(self) -> str:
        return "NEED_DATA"


NEED_DATA: Final = _NeedData()


@dataclass(frozen=True, slots=True)
class NeedExtent:
    """Obtain a contiguous writable extent of at least ``nbytes`` and call ``provide_extent``."""

    nbytes: int


class Owner(Protocol):
    """What owns an extent's memory (a ``storage.BvecList`` in production)."""

    def release(self) -> None: ...


@dataclass(frozen=True, slots=True)
class Record:
    """A complete record: ``view`` is exactly the record's bytes, inside memory ``owner`` holds."""

    owner: Owner
    view: memoryview


Event = _NeedData | NeedExtent | Record

# Parser states.
_HEADER: Final = 0  # reading the 4-byte mark of a fragment
_EXTENT: Final = 1  # mark read, waiting for provide_extent()
_BODY: Final = 2  # reading fragment bytes into the extent
_BROKEN: Final = 3  # a RecordError was raised; nothing more is accepted


class RecordParser:
    """Incremental record-marking decoder (one per connection).

    Invariants: ``_have`` bytes of the current record sit at the start of ``_view``;
    ``_frag_left`` bytes of the current fragment are still to come; the extent (``_owner``,
    ``_view``) is held by the parser only while a record is in progress;
    ``_head[_head_pos:_head_len]`` are received bytes not yet consumed (a mark, the start of
    the fragment it announces, or what a lookahead brought: never more than ``LOOKAHEAD`` +
    a mark, never payload).
    """

    __slots__ = (
        "_frag_left",
        "_have",
        "_head",
        "_head_len",
        "_head_pos",
        "_last",
        "_need",
        "_owner",
        "_state",
        "_view",
        "max_record",
    )

    def __init__(self, max_record: int = DEFAULT_MAX_RECORD) -> None:
        if not 0 < max_record <= _LENGTH_MASK:
            raise ValueError(f"max_record {max_record} out of range")
        self.max_record = max_record
        self._head = memoryview(bytearray(MARK_SIZE + LOOKAHEAD))
        self._head_pos = 0
        self._head_len = 0
        self._state = _HEADER
        self._owner: Owner | None = None
        self._view: memoryview | None = None
        self._have = 0
        self._frag_left = 0
        self._need = 0
        self._last = False

    @property
    def idle(self) -> bool:
        """True between records: nothing of a record has been received (EOF here is clean)."""
        return self._state == _HEADER and self._head_len == self._head_pos and self._have == 0

    @property
    def pending(self) -> bool:
        """Bytes of a record that is not complete yet have been received (with a lookahead:
        the next call of a pipelined burst is already here)."""
        return self._head_len != self._head_pos or self._have != 0

    def get_buffer(self) -> memoryview:
        """Return where the next received bytes must go.

        **Returns** a non-empty writable memoryview: the rest of the record mark (plus up to
        ``LOOKAHEAD`` bytes at a record boundary), or the rest of the current fragment inside
        the extent (plus up to ``LOOKAHEAD`` bytes in the extent's spare room after a last
        fragment).

        **Raises** ``RuntimeError`` when called while an extent is awaited, after an error, or
        while received bytes still hold an event (a caller bug: it must pause reading on
        :class:`NeedExtent` and drain :meth:`next_event`).
        """
        if self._state == _HEADER:
            pos, n = self._head_pos, self._head_len
            if n - pos >= MARK_SIZE:
                raise RuntimeError("get_buffer() with a mark unprocessed: call next_event()")
            head = self._head
            if pos:  # keep the unconsumed bytes (< a mark) at the start
                head[: n - pos] = bytes(head[pos:n])
                n -= pos
                self._head_pos, self._head_len = 0, n
            # Past a record boundary the head may take a lookahead; inside a record (the
            # mark of its next fragment) exactly the mark, the fragment may be payload.
            return head[n : MARK_SIZE + LOOKAHEAD if self._have == 0 else MARK_SIZE]
        if self._state == _BODY:
            view = self._view
            assert view is not None
            have = self._have
            end = have + self._frag_left
            if self._last:
                end = min(end + LOOKAHEAD, len(view))
            return view[have:end]
        raise RuntimeError(f"get_buffer() in parser state {self._state}")

    def buffer_updated(self, nbytes: int) -> Event:
        """Account for ``nbytes`` received into the last :meth:`get_buffer`.

        **Returns** ``NEED_DATA``, :class:`NeedExtent` or :class:`Record` (see module doc);
        after handling it, call :meth:`next_event` until it returns ``NEED_DATA``.

        **Raises** :class:`RecordError` for an empty or oversized record; the parser is then
        broken and the connection must close (call :meth:`discard`).
        """
        if self._state == _HEADER:
            self._head_len += nbytes
            return self._parse_head()
        if self._state == _BODY:
            left = self._frag_left
            if nbytes <= left:
                self._have += nbytes
                self._frag_left = left - nbytes
                if nbytes < left:
                    return NEED_DATA
                return self._end_fragment()
            # The lookahead: what follows the record went into the extent's spare room;
            # move it to the head (the head is empty here: its bytes were consumed first).
            have = self._have + left
            extra = nbytes - left
            assert self._view is not None
            self._head[:extra] = self._view[have : have + extra]
            self._head_pos, self._head_len = 0, extra
            self._have, self._frag_left = have, 0
            return self._end_fragment()
        raise RuntimeError(f"buffer_updated() in parser state {self._state}")

    def next_event(self) -> Event:
        """The next event from bytes already received (``NEED_DATA``: read more).

        **Raises** ``RuntimeError`` while an extent is awaited; :class:`RecordError` as
        :meth:`buffer_updated`.
        """
        state = self._state
        if state == _HEADER:
            return self._parse_head()
        if state == _BODY:
            return self._end_fragment() if not self._frag_left else NEED_DATA
        raise RuntimeError(f"next_event() in parser state {state}")

    def provide_extent(self, owner: Owner, view: memoryview) -> int:
        """Hand over the extent asked for by the last :class:`NeedExtent`.

        **Assumptions:** ``view`` is writable, at least ``NeedExtent.nbytes`` long, and lives
        as long as ``owner`` is not released (bytes past ``nbytes`` may receive a lookahead:
        give the whole of the extent's last page). The parser owns both from now on.

        **Returns** how many bytes of the record were copied from the previous extent (0 for
        the first fragment); the previous extent is released. Bytes of the fragment that came
        with its mark are moved in too (header bytes: not counted).

        **Raises** ``RuntimeError`` if no extent was asked for, ``ValueError`` if too small.
        """
        if self._state != _EXTENT:
            owner.release()
            raise RuntimeError("provide_extent() without NeedExtent")
        if len(view) < self._need:
            owner.release()
            raise ValueError(f"extent of {len(view)} bytes, need {self._need}")
        copied = 0
        if self._owner is not None:
            assert self._view is not None
            copied = self._have
            view[:copied] = self._view[:copied]
            self._owner.release()
        self._owner, self._view = owner, view
        self._state = _BODY
        self._take_head()
        return copied

    def discard(self) -> None:
        """Release any partial record and refuse further input (connection teardown)."""
        owner, self._owner, self._view = self._owner, None, None
        self._state = _BROKEN
        self._head_pos = self._head_len = 0
        if owner is not None:
            owner.release()

    def _take_head(self) -> None:
        """Move the current fragment's bytes already in the head into the extent."""
        pos = self._head_pos
        k = min(self._head_len - pos, self._frag_left)
        if k > 0:
            have = self._have
            assert self._view is not None
            self._view[have : have + k] = self._head[pos : pos + k]
            self._have = have + k
            self._frag_left -= k
            self._head_pos = pos + k

    def _parse_head(self) -> Event:
        pos = self._head_pos
        if self._head_len - pos < MARK_SIZE:
            return NEED_DATA
        self._head_pos = pos + MARK_SIZE
        return self._process_mark(_unpack_mark(self._head, pos)[0])

    def _process_mark(self, mark: int) -> Event:
        length = mark & _LENGTH_MASK
        self._last = bool(mark & LAST_FRAGMENT)
        total = self._have + length
        if total > self.max_record:
            self._fail(f"record of at least {total} bytes exceeds limit {self.max_record}")
        if length == 0:
            return self._end_fragment()
        self._frag_left = length
        if self._view is not None and len(self._view) >= total:
            self._state = _BODY
            self._take_head()
            return NEED_DATA if self._frag_left else self._end_fragment()
        # Ask for exactly the record when it is known to end here (the common single-fragment
        # case), otherwise double the capacity so a record cut into many small fragments
        # costs O(n) copying in total, not O(n^2).
        need = total if self._last else min(max(total, 2 * self._have), self.max_record)
        self._need = need
        self._state = _EXTENT
        return NeedExtent(need)

    def _end_fragment(self) -> Event:
        if not self._last:
            self._state = _HEADER
            return self._parse_head()
        if self._have == 0:
            self._fail("empty record")
        assert self._owner is not None and self._view is not None
        record = Record(self._owner, self._view[: self._have])
        self._owner, self._view = None, None
        self._have = 0
        self._state = _HEADER
        return record

    def _fail(self, reason: str) -> None:
        self.discard()
        raise RecordError(reason)
