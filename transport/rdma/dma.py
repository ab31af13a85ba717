"""DMA mapping backends: turn a bvec list into SGEs, the userspace analogue of `rdma_rw`.

Operation: `DmaMapper.map()` picks a strategy in one place, with the fallback chain visible:
forced mode first (falling back down the chain when it cannot apply), then

* ``iova``: the payload is one contiguous extent of the page pool, which was registered once
  at start-up, so the whole transfer is one SGE (one WR per remote segment) and costs no
  registration (the kernel's IOVA path: one contiguous range for a multi-page transfer);
* ``mr``: register a region covering exactly this transfer and use its one SGE; for a
  scattered payload the pool's memfd pages are first mapped side by side into a fresh virtual
  window (the userspace analogue of FRWR mapping a page list to one contiguous iova);
  taken in ``auto`` mode only when it pays off, i.e. when per-page would need more than one
  WR (``len(pages) > max_sge``), as `rdma_rw_io_needs_mr` decides;
* ``per-page``: one SGE per page, through the pool's registration; WRs are chained by
  ``max_sge`` in `rw`.

A backend that cannot apply raises `MappingUnavailable` (the counterpart of -EOPNOTSUPP);
any other exception is final.  The chosen strategy is stored on the `Mapping`, and
`Mapping.release()` undoes exactly what that strategy did.
"""

from __future__ import annotations

import ctypes
import enum
import mmap
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from transport.rdma.verbs import Access, MemoryRegion, ProtectionDomain, Sge, VerbsError


class Strategy(enum.Enum):
    IOVA = "iova"
    MR = "mr"
    PER_PAGE = "per-page"


CHAIN = (Strategy.IOVA, Strategy.MR, Strategy.PER_PAGE)


class MappingUnavailable(Exception):
    """This strategy cannot map this payload here; try the next one.

    ``kind`` says why, in a word the fallback metric can carry as a label: ``scattered`` (the
    payload is not one contiguous extent of the pool: what a fragmented pool gives), ``unaligned``
    (scattered pages that cannot be aliased side by side), ``no-memfd`` (scattered, and no memfd
    to alias them from), ``window`` (the alias window could not be mapped), ``refused`` (the
    provider would not register the memory).
    """

    def __init__(self, message: str, kind: str = "other") -> None:
        super().__init__(message)
        self.kind = kind


_libc = ctypes.CDLL(None, use_errno=True)
_libc.mmap.restype = ctypes.c_void_p
_libc.mmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int, ctypes.c_int,
                       ctypes.c_int, ctypes.c_long]
_libc.munmap.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
_MAP_FAILED = ctypes.c_void_p(-1).value
_MAP_FIXED = 0x10


class _AliasWindow:
    """Pool pages mapped side by side into one new virtual range (for `mr` on a scattered
    payload).  The window shares the pool's memfd pages: no data is copied."""

    __slots__ = ("addr", "length", "view")

    def __init__(self, memfd: int, runs: list[tuple[int, int]]) -> None:
        self.length = sum(n for _, n in runs)
        base = _libc.mmap(None, self.length, 0,  # PROT_NONE: a reservation only
                          mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS, -1, 0)
        if base in (None, _MAP_FAILED):
            raise MappingUnavailable("cannot reserve an alias window", "window")
        self.addr = base
        at = 0
        for pool_offset, n in runs:
            got = _libc.mmap(base + at, n, mmap.PROT_READ | mmap.PROT_WRITE,
                             mmap.MAP_SHARED | _MAP_FIXED, memfd, pool_offset)
            if got != base + at:
                _libc.munmap(base, self.length)
                raise MappingUnavailable("cannot map pool pages into the alias window", "window")
            at += n
        self.view = memoryview((ctypes.c_char * self.length).from_address(base)).cast("B")

    def close(self) -> None:
        self.view.release()
        _libc.munmap(self.addr, self.length)


@dataclass
class DmaStats:
    """What the mapper did; ``registrations - deregistrations`` is the number of I/O MRs alive
    (zero when no I/O is in flight: a leak shows up here).  ``fallbacks`` counts (first
    strategy tried, strategy used); ``fallback_kinds`` why the first one could not map."""

    contexts: Counter[str] = field(default_factory=Counter)
    fallbacks: Counter[tuple[str, str]] = field(default_factory=Counter)
    fallback_kinds: Counter[str] = field(default_factory=Counter)
    registrations: int = 0
    deregistrations: int = 0


@dataclass(slots=True)
class Mapping:
    """SGEs for one payload and what must be undone when the I/O is finished.

    ``stats``/``observer`` are the mapper's, so that undoing a registration is counted where
    making it was.
    """

    strategy: Strategy
    sges: list[Sge]
    nbytes: int
    mr: MemoryRegion | None = None
    window: _AliasWindow | None = None
    stats: DmaStats | None = None
    observer: Any = None

    def release(self) -> None:
        """Deregister/unmap what the strategy set up (idempotent)."""
        mr, self.mr = self.mr, None
        window, self.window = self.window, None
        try:
            if mr is not None:
                mr.dereg()
                if self.stats is not None:
                    self.stats.deregistrations += 1
                if self.observer is not None:
                    self.observer.on_dma_dereg()
        finally:
            if window is not None:
                window.close()


def slice_sges(sges: list[Sge], offset: int, length: int) -> list[Sge]:
    """The SGEs covering bytes [offset, offset+length) of the payload `sges` describe."""
    out: list[Sge] = []
    pos = 0
    end = offset + length
    for s in sges:
        s_end = pos + s.length
        if s_end > offset and pos < end:
            lo = max(offset, pos)
            hi = min(end, s_end)
            out.append(Sge(s.addr + (lo - pos), hi - lo, s.lkey))
        pos = s_end
        if pos >= end:
            break
    return out


class DmaMapper:
    """Maps pool bvec lists for one protection domain.

    Assumptions: every payload lives in `pool`, and `pool_mr` registers the pool's whole buffer
    in `pd` (done once at start-up: the pool is the "iova space").
    """

    def __init__(self, pd: ProtectionDomain, pool: Any, pool_mr: MemoryRegion, max_sge: int,
                 force: str = "auto", stats: DmaStats | None = None,
                 observer: Any = None) -> None:
        self.pd = pd
        self.pool = pool
        self.pool_mr = pool_mr
        self.max_sge = max_sge
        self.force = None if force == "auto" else Strategy(force)
        self.stats = stats or DmaStats()
        self.observer = observer

    def map(self, bvecs: Any, access: Access = Access.LOCAL_WRITE) -> Mapping:
        """Map `bvecs` for local access by RDMA WRITE (source) or READ (target).

        Returns: a Mapping whose `sges` cover the payload in order.
        Raises: VerbsError when registration fails for a reason other than "unsupported".
        """
        if self.force is not None:
            chain = CHAIN[CHAIN.index(self.force):]
        elif self._pages(bvecs) > self.max_sge:
            chain = CHAIN  # iova, then mr (it pays off: per-page would chain WRs)
        else:
            chain = (Strategy.IOVA, Strategy.PER_PAGE)
        first = chain[0]
        kind = ""
        for strategy in chain:
            try:
                m = self._map_with(strategy, bvecs, access)
            except MappingUnavailable as e:
                kind = kind or e.kind  # why the first choice could not map it
                continue
            if strategy is not first:
                self.stats.fallbacks[(first.value, strategy.value)] += 1
                self.stats.fallback_kinds[kind] += 1
                if self.observer is not None:
                    self.observer.on_dma_fallback(first.value, strategy.value, kind)
            self.stats.contexts[strategy.value] += 1
            return m
        raise MappingUnavailable("no DMA strategy can map this payload")  # per-page always can

    def local_sges(self, bvecs: Any) -> list[Sge]:
        """One SGE per bvec through the pool's registration, for payloads that ride inside
        a Send or a Reply chunk (like svc_rdma_map_reply_msg: not an rw context)."""
        base, lkey = self.pool_mr.addr, self.pool_mr.lkey
        return [Sge(base + b.pool_offset, b.length, lkey) for b in bvecs.bvecs if b.length]

    def _pages(self, bvecs: Any) -> int:
        ps = self.pool.page_size
        n = 0
        for b in bvecs.bvecs:
            first = b.pool_offset // ps
            last = (b.pool_offset + b.length - 1) // ps
            n += last - first + 1
        return n

    def _map_with(self, strategy: Strategy, bvecs: Any, access: Access) -> Mapping:
        nbytes = bvecs.nbytes
        base = self.pool_mr.addr
        if strategy is Strategy.IOVA:
            ext = bvecs.contiguous_extent()
            if ext is None:
                raise MappingUnavailable("payload is not one contiguous extent", "scattered")
            off, n = ext
            return Mapping(strategy, [Sge(base + off, n, self.pool_mr.lkey)], nbytes)
        if strategy is Strategy.MR:
            return self._map_mr(bvecs, access)
        ps = self.pool.page_size
        sges: list[Sge] = []
        lkey = self.pool_mr.lkey
        for b in bvecs.bvecs:
            off, end = b.pool_offset, b.pool_offset + b.length
            while off < end:
                cut = min(end, (off // ps + 1) * ps)
                sges.append(Sge(base + off, cut - off, lkey))
                off = cut
        return Mapping(Strategy.PER_PAGE, sges, nbytes)

    def _map_mr(self, bvecs: Any, access: Access) -> Mapping:
        ext = bvecs.contiguous_extent()
        window = None
        try:
            if ext is not None:
                off, n = ext
                buf = self.pool.view[off : off + n]
            else:
                memfd = getattr(self.pool, "memfd", None)
                if memfd is None:
                    raise MappingUnavailable("scattered payload and no memfd to alias", "no-memfd")
                window = self._alias(memfd, bvecs)
                buf = window.view
            mr = self.pd.reg_mr(buf, access | Access.LOCAL_WRITE)
        except VerbsError as e:
            if window is not None:
                window.close()
            if e.errno in (95, 22):  # EOPNOTSUPP / EINVAL: provider can't register this memory
                raise MappingUnavailable(str(e), "refused") from e
            raise
        self.stats.registrations += 1
        return Mapping(Strategy.MR, [mr.sge(0, bvecs.nbytes)], bvecs.nbytes, mr, window,
                       self.stats, self.observer)

    def _alias(self, memfd: int, bvecs: Any) -> _AliasWindow:
        """Page-aligned runs only: an interior bvec must start and end on page boundaries."""
        ps = self.pool.page_size
        runs: list[tuple[int, int]] = []
        items = bvecs.bvecs
        for i, b in enumerate(items):
            if (i > 0 and b.pool_offset % ps) or (i < len(items) - 1 and (b.pool_offset + b.length) % ps):
                raise MappingUnavailable("bvecs not page aligned", "unaligned")
            start = b.pool_offset - b.pool_offset % ps
            end = -(-(b.pool_offset + b.length) // ps) * ps
            runs.append((start, end - start))
        if items and items[0].pool_offset % ps:
            raise MappingUnavailable("first bvec not page aligned",  # keeps SGE at window start
                                     "unaligned")
        return _AliasWindow(memfd, runs)
