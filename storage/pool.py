"""Page pool: one big buffer, carved into pages handed out as BvecLists.

Operation: the pool is one memfd-backed shared mapping (or an externally provided buffer, e.g.
memory already registered with an RDMA device) split into ``npages`` pages.  Free space is kept
as a sorted list of free extents (runs of pages), with two dicts indexing them by start and by
end so that a free coalesces with both neighbours in O(1) plus one bisect.  ``try_alloc``
takes the first extent that fits (first fit, so a READ gets one contiguous run the DMA layer can
map with one SGE); when none fits and the caller accepts scatter, it takes pages from the
lowest extents in order.  ``alloc`` adds back-pressure: callers that cannot be served wait FIFO
on a future and are served, in order, as pages come back.

A request may ask to leave ``reserve`` bytes free (``try_alloc``/``alloc(..., reserve=n)``):
a transport receiving a large record from a peer it does not trust to finish it uses this, so
peers that announce big records and stall can hold at most ``nbytes - reserve`` of the pool
and everything else (small calls, READ replies) is still served from the rest.  Such reserving
requests wait in a queue of their own, behind every ordinary waiter: they never hold up an
ordinary allocation that fits, and an ordinary waiter that does not fit yet holds them up.

Not thread-safe: use the pool from the event loop's thread (that is where pages are released).
"""

from __future__ import annotations

import asyncio
import bisect
import collections
import ctypes
import mmap
import os

from storage.bvec import Bvec, BvecList

__all__ = ["PagePool", "PoolTooSmall"]


# Allocations up to this size (every NFS call but a large WRITE: an AUTH_SYS header is < 500
# bytes, a 4 KiB WRITE ~4.3 KiB) come from the whole pool; larger ones leave
# 1/BULK_RESERVE_FRACTION of it free (see `PagePool.bulk_reserve`).
BULK_THRESHOLD = 16 << 10
BULK_RESERVE_FRACTION = 4

class PoolTooSmall(ValueError):
    """The request can never be satisfied: it needs more pages than the pool has."""


class PagePool:
    """Pages of one buffer, allocated as BvecLists (first-fit extents, FIFO back-pressure).

    Attributes:
        page_size, npages: geometry.
        buffer: the mmap (memfd-backed) or the external buffer given to `from_buffer`.
        view: a writable byte memoryview over the whole buffer (what Bvec.view slices).
        memfd: the memfd backing the mmap, or None for an external buffer.
        allocs, frees, waits: counters (successful allocations, releases of page runs,
            `alloc` calls that had to wait).
        high_water: the largest number of pages ever in use at once.
    """

    __slots__ = (
        "_free_by_end",
        "_free_len",
        "_free_pages",
        "_free_starts",
        "_reserve_waiters",
        "_waiters",
        "allocs",
        "buffer",
        "frees",
        "high_water",
        "memfd",
        "npages",
        "page_size",
        "view",
        "waits",
    )

    def __init__(self, nbytes: int, page_size: int = 4096) -> None:
        """Create a pool of ``ceil(nbytes / page_size)`` pages on a fresh memfd."""
        if page_size <= 0 or nbytes <= 0:
            raise ValueError("pool size and page size must be positive")
        npages = -(-nbytes // page_size)
        fd = os.memfd_create("nfsrdma-pool", os.MFD_CLOEXEC)
        try:
            os.ftruncate(fd, npages * page_size)
            buf = mmap.mmap(fd, npages * page_size, mmap.MAP_SHARED)
        except BaseException:
            os.close(fd)
            raise
        self._setup(buf, memoryview(buf), page_size, npages)
        self.memfd: int | None = fd

    @classmethod
    def from_buffer(cls, buf: memoryview, page_size: int = 4096) -> PagePool:
        """A pool over an existing writable buffer (e.g. memory registered with a device).

        Only whole pages are used; the caller keeps the buffer alive and mapped.

        Raises:
            ValueError: buffer read-only, not C-contiguous, or smaller than one page.
        """
        view = memoryview(buf)
        if view.readonly or not view.c_contiguous:
            raise ValueError("pool buffer must be writable and C-contiguous")
        view = view.cast("B")
        npages = len(view) // page_size
        if page_size <= 0 or npages == 0:
            raise ValueError("pool buffer smaller than one page")
        self = cls.__new__(cls)
        self._setup(buf, view[: npages * page_size], page_size, npages)
        self.memfd = None
        return self

    def _setup(
        self, buf: mmap.mmap | memoryview, view: memoryview, page_size: int, npages: int
    ) -> None:
        self.buffer: mmap.mmap | memoryview = buf
        self.view = view
        self.page_size = page_size
        self.npages = npages
        self._free_starts: list[int] = [0]
        self._free_len: dict[int, int] = {0: npages}
        self._free_by_end: dict[int, int] = {npages: 0}
        self._free_pages = npages
        self._waiters: collections.deque[tuple[int, bool, asyncio.Future[BvecList]]] = (
            collections.deque()
        )
        # (nbytes, contiguous, reserve pages, future): served only after _waiters is empty.
        self._reserve_waiters: collections.deque[
            tuple[int, bool, int, asyncio.Future[BvecList]]
        ] = collections.deque()
        self.allocs = 0
        self.frees = 0
        self.waits = 0
        self.high_water = 0

    # -- queries ---------------------------------------------------------------------------

    @property
    def nbytes(self) -> int:
        return self.npages * self.page_size

    def free_pages(self) -> int:
        return self._free_pages

    def used_pages(self) -> int:
        """Pages currently allocated; 0 means every BvecList was released (leak check)."""
        return self.npages - self._free_pages

    def free_extents(self) -> list[tuple[int, int]]:
        """Free runs as (first page, npages), by address (for tests and debugging)."""
        return [(s, self._free_len[s]) for s in self._free_starts]

    def address(self) -> int:
        """Virtual address of the buffer start (for DMA registration)."""
        return ctypes.addressof(ctypes.c_char.from_buffer(self.view))

    # -- allocation ------------------------------------------------------------------------

    def _npages_for(self, nbytes: int) -> int:
        if nbytes < 0:
            raise ValueError("negative allocation")
        n = -(-nbytes // self.page_size)
        if n > self.npages:
            raise PoolTooSmall(f"{nbytes} bytes need {n} pages; pool has {self.npages}")
        return n

    def try_alloc(
        self, nbytes: int, contiguous: bool = False, *, reserve: int = 0
    ) -> BvecList | None:
        """Allocate ``nbytes`` (rounded up to pages) without waiting.

        First fit: the lowest free extent large enough gives one contiguous run.  Otherwise, if
        ``contiguous`` is False, pages are gathered from the lowest extents in address order.
        ``reserve``: bytes (rounded up to pages) that must still be free afterwards.

        Returns:
            An owner BvecList of exactly ``nbytes`` (the empty list for 0), or None if the pages
            are not free now.
        Raises:
            PoolTooSmall: more pages than the pool has.
        """
        n = self._npages_for(nbytes)
        if n == 0:
            return BvecList.empty()
        if n + self._pages_of(reserve) > self._free_pages:
            return None
        runs: list[tuple[int, int]]
        starts, lens = self._free_starts, self._free_len
        for i, s in enumerate(starts):
            if lens[s] >= n:
                self._take(i, n)
                runs = [(s, n)]
                break
        else:
            if contiguous:
                return None
            runs = []
            need = n
            while need:
                s = starts[0]
                k = min(lens[s], need)
                self._take(0, k)
                runs.append((s, k))
                need -= k
        self._free_pages -= n
        self.allocs += 1
        used = self.npages - self._free_pages
        if used > self.high_water:
            self.high_water = used
        bvecs = []
        left = nbytes
        ps = self.page_size
        for s, k in runs:
            length = min(k * ps, left)
            bvecs.append(Bvec(self, s, 0, length))
            left -= length
        return BvecList(bvecs, owner=True)

    def _pages_of(self, nbytes: int) -> int:
        return -(-nbytes // self.page_size) if nbytes > 0 else 0

    def _take(self, i: int, n: int) -> None:
        """Take the first n pages of the i-th free extent (n <= its length)."""
        s = self._free_starts[i]
        length = self._free_len.pop(s)
        end = s + length
        if length == n:
            del self._free_starts[i]
            del self._free_by_end[end]
        else:
            # The remainder keeps its place in the sorted list: it is still below the next one.
            self._free_starts[i] = s + n
            self._free_len[s + n] = length - n
            self._free_by_end[end] = s + n

    def bulk_reserve(self, nbytes: int) -> int:
        """The `reserve` a bulk allocation of ``nbytes`` should pass (0 for small ones).

        Bulk payloads (a large TCP record, an RDMA Read chunk) are received from a peer that
        may stall while holding them; they must leave a quarter of the pool free so small
        calls, receive buffers and reply staging of everyone else always find pages.  Never
        so much that a payload that fits the pool could not be allocated at all.
        """
        if nbytes <= BULK_THRESHOLD:
            return 0
        total = self.npages * self.page_size
        need = self._pages_of(nbytes) * self.page_size
        return max(0, min(total // BULK_RESERVE_FRACTION, total - need))

    async def alloc(
        self, nbytes: int, contiguous: bool = False, *, reserve: int = 0
    ) -> BvecList:
        """Allocate, waiting (FIFO behind earlier waiters) until pages are free.

        With ``reserve`` (bytes left free afterwards), the request waits behind every ordinary
        waiter too, in the reserving requests' own FIFO (see the module docstring).

        Raises:
            PoolTooSmall: more pages than the pool has, or than it has beyond ``reserve``
                (raised at once, never waits).
            asyncio.CancelledError: cancelled while waiting (nothing stays allocated).
        """
        n = self._npages_for(nbytes)
        rpages = self._pages_of(reserve)
        if n + rpages > self.npages:
            raise PoolTooSmall(f"{nbytes} bytes plus a reserve of {reserve} exceed the pool")
        if not self._waiters and not (rpages and self._reserve_waiters):
            got = self.try_alloc(nbytes, contiguous, reserve=reserve)
            if got is not None:
                return got
        fut: asyncio.Future[BvecList] = asyncio.get_running_loop().create_future()
        if rpages:
            self._reserve_waiters.append((nbytes, contiguous, rpages, fut))
        else:
            self._waiters.append((nbytes, contiguous, fut))
        self.waits += 1
        try:
            return await fut
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                fut.result().release()  # served, then cancelled before it could resume
            else:
                self._wake()  # the head of the queue may have changed
            raise

    def _free_run(self, page: int, lo: int, hi: int) -> None:
        """Free pages [page+lo, page+hi) (no-op when empty), coalescing, then serve waiters."""
        if hi <= lo:
            return
        s, e = page + lo, page + hi
        self._free_pages += e - s
        self.frees += 1
        prev = self._free_by_end.pop(s, None)
        nxt = self._free_len.pop(e, None)
        if nxt is not None:
            del self._free_by_end[e + nxt]
            i = bisect.bisect_left(self._free_starts, e)
            del self._free_starts[i]
            e += nxt
        if prev is not None:
            s = prev  # extend the previous extent in place; its start is already listed
        else:
            bisect.insort(self._free_starts, s)
        self._free_len[s] = e - s
        self._free_by_end[e] = s
        if self._waiters or self._reserve_waiters:
            self._wake()

    def _wake(self) -> None:
        """Serve queued waiters strictly in order while the head can be satisfied: ordinary
        waiters first, then (only when none is left) the reserving ones."""
        while self._waiters:
            nbytes, contiguous, fut = self._waiters[0]
            if fut.done():  # cancelled
                self._waiters.popleft()
                continue
            got = self.try_alloc(nbytes, contiguous)
            if got is None:
                return
            self._waiters.popleft()
            fut.set_result(got)
        while self._reserve_waiters:
            nbytes, contiguous, rpages, rfut = self._reserve_waiters[0]
            if rfut.done():
                self._reserve_waiters.popleft()
                continue
            got = self.try_alloc(nbytes, contiguous, reserve=rpages * self.page_size)
            if got is None:
                return
            self._reserve_waiters.popleft()
            rfut.set_result(got)

    def close(self) -> None:
        """Unmap and close the memfd (all BvecLists and views must be gone)."""
        self.view.release()
        if isinstance(self.buffer, mmap.mmap):
            self.buffer.close()
        if self.memfd is not None:
            os.close(self.memfd)
            self.memfd = None

    def __repr__(self) -> str:
        return (
            f"PagePool(npages={self.npages}, page_size={self.page_size}, "
            f"used={self.used_pages()}, extents={len(self._free_starts)})"
        )
