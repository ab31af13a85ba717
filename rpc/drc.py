"""Duplicate request cache (DRC) for non-idempotent procedures.

Operation
---------
A retransmitted non-idempotent call (CREATE, REMOVE, RENAME ...) must not run twice: the
second run would fail (NFS3ERR_EXIST / NOENT) although the first succeeded.  For such
procedures the dispatcher computes a `CacheKey` and calls `ReplyCache.lookup` before decoding
the arguments:

* miss: an IN_PROGRESS entry is created; the dispatcher runs the call and ends with `complete`
  (reply copied into cache-owned bytes) or `abandon` (no reply: the entry goes away);
* IN_PROGRESS: a retransmission arriving while the original still runs WAITS for the original's
  reply (rather than being dropped, so the client gets its answer one round-trip sooner);
* DONE: the cached reply is returned (a fresh `RpcBuffer` over the cache's own bytes).

Key (as Linux nfsd's ``nfsd_cache_key``): xid, client address WITHOUT the port (a client that
reconnects after a network partition retransmits from a new source port), prog, vers, proc, the
argument length and a CRC32 over the first `CSUM_LEN` argument bytes.  The checksum tells a
reused xid from a true retransmission.  It is bounded to 256 bytes (nfsd's ``RC_CSUMLEN``)
so a cache lookup never costs a pass over a large WRITE payload; the length covers the rest.

Bounds: at most ``max_entries`` entries (LRU, default 4096 ~ nfsd's minimum) and
``max_bytes`` of cached replies (default 16 MiB); only DONE entries are evicted.  In-progress
entries are bounded by the transports' credits.

State transitions (the only ones allowed; anything else is an `RpcInternalError`)::

    (absent)     --lookup-->   IN_PROGRESS
    IN_PROGRESS  --lookup-->   IN_PROGRESS   (caller waits)
    IN_PROGRESS  --complete--> DONE
    IN_PROGRESS  --abandon-->  (absent)      (waiters get None)
    DONE         --lookup-->   DONE          (caller gets the cached reply)
    DONE         --evict-->    (absent)
"""

from __future__ import annotations

import asyncio
import enum
import zlib
from collections import OrderedDict
from typing import Any, NamedTuple

from rpc.buffer import RpcBuffer, XdrReader
from rpc.errors import RpcInternalError

__all__ = ["CSUM_LEN", "CacheKey", "DrcState", "ReplyCache"]

#: Argument bytes covered by the checksum (Linux nfsd RC_CSUMLEN).
CSUM_LEN = 256
#: Per-entry bookkeeping charged against max_bytes besides the reply bytes.
_ENTRY_OVERHEAD = 256


class DrcState(enum.Enum):
    ABSENT = "absent"
    IN_PROGRESS = "in-progress"
    DONE = "done"


_S = DrcState
TRANSITIONS: dict[tuple[DrcState, str], DrcState] = {
    (_S.ABSENT, "lookup"): _S.IN_PROGRESS,
    (_S.IN_PROGRESS, "lookup"): _S.IN_PROGRESS,
    (_S.IN_PROGRESS, "complete"): _S.DONE,
    (_S.IN_PROGRESS, "abandon"): _S.ABSENT,
    (_S.DONE, "lookup"): _S.DONE,
    (_S.DONE, "evict"): _S.ABSENT,
}


def _transition(state: DrcState, event: str) -> DrcState:
    try:
        return TRANSITIONS[(state, event)]
    except KeyError:
        raise RpcInternalError(f"DRC: no transition {state.value} --{event}-->") from None


class CacheKey(NamedTuple):
    xid: int
    host: str
    prog: int
    vers: int
    proc: int
    arglen: int
    csum: int


class _Entry:
    __slots__ = ("nbytes", "reply", "state", "waiter")

    def __init__(self) -> None:
        self.state = DrcState.IN_PROGRESS
        self.reply: RpcBuffer | None = None  # over the cache's own bytes once DONE
        self.nbytes = 0
        self.waiter: asyncio.Future[bool] | None = None

    def to_buffer(self) -> RpcBuffer:
        assert self.reply is not None  # DONE entries only
        return self.reply.clone()


class ReplyCache:
    """LRU duplicate request cache bounded in entries and bytes."""

    def __init__(self, max_entries: int = 4096, max_bytes: int = 16 << 20) -> None:
        if max_entries < 1 or max_bytes < 1:
            raise ValueError("DRC bounds must be positive")
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[CacheKey, _Entry] = OrderedDict()
        self._bytes = 0
        self.hits = 0
        self.misses = 0
        self.waits = 0
        self.evictions = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        return self._bytes

    def state(self, key: CacheKey) -> DrcState:
        e = self._entries.get(key)
        return e.state if e is not None else DrcState.ABSENT

    @staticmethod
    def build_key(
        xid: int, host: str, prog: int, vers: int, proc: int, reader: XdrReader
    ) -> CacheKey:
        """Key for the call whose arguments start at ``reader.pos`` (the reader is not moved)."""
        d, p = reader.data, reader.pos
        arglen = len(d) - p
        if reader.chunks:
            arglen += sum(c.nbytes for c in reader.chunks.values())
        csum = zlib.crc32(d[p : p + CSUM_LEN])
        return CacheKey(xid, host, prog, vers, proc, arglen, csum)

    def lookup(self, key: CacheKey) -> RpcBuffer | asyncio.Future[bool] | None:
        """Look a call up.

        Returns:
            None: a miss; the caller now owns an IN_PROGRESS entry and must `complete` or
            `abandon` it.  A Future: the original is in progress; await it, then call
            `lookup_done`.  An RpcBuffer: the cached reply (over cache-owned bytes).
        """
        e = self._entries.get(key)
        if e is None:
            _transition(DrcState.ABSENT, "lookup")
            self.misses += 1
            self._entries[key] = _Entry()
            self._evict()
            return None
        e.state = _transition(e.state, "lookup")
        if e.state is DrcState.DONE:
            self.hits += 1
            self._entries.move_to_end(key)
            return e.to_buffer()
        self.waits += 1
        if e.waiter is None:
            e.waiter = asyncio.get_running_loop().create_future()
        return e.waiter

    def lookup_done(self, key: CacheKey) -> RpcBuffer | None:
        """After a waited-for original finished: its cached reply, or None if abandoned."""
        e = self._entries.get(key)
        if e is None or e.state is not DrcState.DONE:
            return None
        self.hits += 1
        return e.to_buffer()

    async def wait(self, fut: asyncio.Future[bool], key: CacheKey) -> RpcBuffer | None:
        """Wait for the in-progress original (shielded: our cancel must not cancel it)."""
        await asyncio.shield(fut)
        return self.lookup_done(key)

    def complete(self, key: CacheKey, reply: RpcBuffer) -> None:
        """Store a copy of ``reply`` (the caller keeps and still sends/releases its own)."""
        e = self._entries.get(key)
        if e is None:
            raise RpcInternalError("DRC: complete without an in-progress entry")
        e.state = _transition(e.state, "complete")
        # Replies of non-idempotent procedures carry no payload in NFSv3; copied if one does.
        e.reply = reply.detached()
        e.nbytes = e.reply.nbytes + _ENTRY_OVERHEAD
        self._bytes += e.nbytes
        self._entries.move_to_end(key)
        self._wake(e)
        self._evict()

    def abandon(self, key: CacheKey) -> None:
        """The call produced no reply: forget it (waiters get None and drop too)."""
        e = self._entries.get(key)
        if e is None:
            return
        _transition(e.state, "abandon")
        del self._entries[key]
        self._wake(e)

    @staticmethod
    def _wake(e: _Entry) -> None:
        if e.waiter is not None and not e.waiter.done():
            e.waiter.set_result(True)

    def _evict(self) -> None:
        """Drop the oldest finished entries until within bounds.

        Walks the LRU order lazily and stops as soon as enough is freed: O(evicted + skipped
        in-progress entries) per call, not a copy of every key (which cost half the server's
        time on small WRITEs once the cache was full).
        """
        excess = len(self._entries) - self.max_entries
        over = self._bytes - self.max_bytes
        if excess <= 0 and over <= 0:
            return
        victims: list[CacheKey] = []
        for key, e in self._entries.items():
            if excess <= 0 and over <= 0:
                break
            if e.state is not DrcState.DONE:
                continue
            victims.append(key)
            excess -= 1
            over -= e.nbytes
        for key in victims:
            e = self._entries.pop(key)
            _transition(e.state, "evict")
            self._bytes -= e.nbytes
            self.evictions += 1

    def stats(self) -> dict[str, Any]:
        return {
            "entries": len(self._entries),
            "bytes": self._bytes,
            "hits": self.hits,
            "misses": self.misses,
            "waits": self.waits,
            "evictions": self.evictions,
        }
