"""Bio_vec-like payload descriptors over a PagePool.

Operation: a `Bvec` names one byte range (page, offset, length) inside a `PagePool` buffer;
a `BvecList` is an ordered list of them and is the payload type used by every layer (storage
fills it with ``preadv`` or drains it with ``pwritev``, TCP sends its views with ``sendmsg``,
RDMA maps its extents for DMA).  Nothing here copies payload bytes, except the two explicit
helpers `BvecList.fill` and `BvecList.tobytes`, which count their copies in `COPIES`.

Like Linux multi-page bvecs, one `Bvec` may span several consecutive pages of the pool: a
freshly allocated list has one `Bvec` per contiguous run of pages, each starting at offset 0.

Ownership: a list returned by `PagePool.try_alloc`/`alloc` owns its pages and gives them back
with `release()` (idempotent).  `slice()` returns a borrowed list that shares the pages and
never frees them; it must not outlive its owner.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from storage.copies import COPIES

if TYPE_CHECKING:
    from storage.pool import PagePool

__all__ = ["Bvec", "BvecList"]


class Bvec:
    """One (page, offset, length) range in a PagePool; ``offset`` may exceed one page."""

    __slots__ = ("length", "offset", "page", "pool")

    def __init__(self, pool: PagePool, page: int, offset: int, length: int) -> None:
        self.pool = pool
        self.page = page
        self.offset = offset
        self.length = length

    @property
    def pool_offset(self) -> int:
        """Byte offset inside the pool buffer (page * page_size + offset)."""
        return self.page * self.pool.page_size + self.offset

    def view(self) -> memoryview:
        """Zero-copy writable view of the bytes."""
        start = self.page * self.pool.page_size + self.offset
        return self.pool.view[start : start + self.length]

    def __repr__(self) -> str:
        return f"Bvec(page={self.page}, offset={self.offset}, length={self.length})"


class BvecList:
    """Ordered bvecs: the payload type everywhere.

    Invariant: ``nbytes == sum(b.length for b in bvecs)``.  An owner list (``owner=True``,
    made only by PagePool) has bvecs at offset 0 each covering a run of whole pages it owns.
    """

    __slots__ = ("_owner", "bvecs", "nbytes")

    def __init__(self, bvecs: list[Bvec] | None = None, *, owner: bool = False) -> None:
        self.bvecs: list[Bvec] = bvecs if bvecs is not None else []
        self.nbytes: int = sum(b.length for b in self.bvecs)
        self._owner = owner

    @classmethod
    def empty(cls) -> BvecList:
        return cls([])

    @property
    def owner(self) -> bool:
        """True while this list still owns pages that `release()` would return."""
        return self._owner

    def __iter__(self) -> Iterator[Bvec]:
        return iter(self.bvecs)

    def __len__(self) -> int:
        return len(self.bvecs)

    def __repr__(self) -> str:
        return f"BvecList(nbytes={self.nbytes}, bvecs={self.bvecs!r}, owner={self._owner})"

    def views(self) -> list[memoryview]:
        return [b.view() for b in self.bvecs]

    def slice(self, start: int, length: int) -> BvecList:
        """Zero-copy sub-range [start, start+length) sharing the pages (never an owner).

        Raises:
            ValueError: the range is not inside the list.
        """
        if start < 0 or length < 0 or start + length > self.nbytes:
            raise ValueError(f"slice [{start}, +{length}) outside BvecList of {self.nbytes}")
        out: list[Bvec] = []
        for b in self.bvecs:
            if length == 0:
                break
            if start >= b.length:
                start -= b.length
                continue
            n = min(b.length - start, length)
            out.append(Bvec(b.pool, b.page, b.offset + start, n))
            length -= n
            start = 0
        return BvecList(out)

    def contiguous_extent(self) -> tuple[int, int] | None:
        """(pool_offset, nbytes) if all bytes form one run in one pool, else None.

        An empty list has no extent and returns None.
        """
        if not self.bvecs:
            return None
        first = self.bvecs[0]
        pool = first.pool
        end = first.pool_offset + first.length
        for b in self.bvecs[1:]:
            if b.pool is not pool or b.pool_offset != end:
                return None
            end += b.length
        return first.pool_offset, self.nbytes

    def truncate(self, nbytes: int) -> None:
        """Shorten the list to its first ``nbytes``; an owner frees pages no longer covered.

        Used for short reads at EOF.  Raises ValueError if nbytes is negative or too large.
        """
        if nbytes < 0 or nbytes > self.nbytes:
            raise ValueError(f"cannot truncate BvecList of {self.nbytes} to {nbytes}")
        keep: list[Bvec] = []
        left = nbytes
        for b in self.bvecs:
            if left > 0:
                n = min(b.length, left)
                if self._owner:
                    b.pool._free_run(b.page, _pages(b, n), _pages(b, b.length))
                b.length = n
                keep.append(b)
                left -= n
            elif self._owner:
                b.pool._free_run(b.page, 0, _pages(b, b.length))
        self.bvecs = keep
        self.nbytes = nbytes

    def release(self) -> None:
        """Return owned pages to the pool; a no-op for slices and on second call."""
        if not self._owner:
            return
        self._owner = False
        for b in self.bvecs:
            b.pool._free_run(b.page, 0, _pages(b, b.length))

    def fill(self, data: bytes | bytearray | memoryview, offset: int = 0) -> int:
        """Copy ``data`` into the list starting at ``offset`` (a counted copy).

        Returns the number of bytes copied (bounded by the list's size).
        """
        src = memoryview(data).cast("B")
        done = 0
        for v in self.slice(offset, min(len(src), self.nbytes - offset)).views():
            v[:] = src[done : done + len(v)]
            done += len(v)
        COPIES.add(done, "bvec.fill")
        return done

    def tobytes(self) -> bytes:
        """All bytes as one ``bytes`` object (a counted copy; for tests and small payloads)."""
        out = b"".join(self.views())
        COPIES.add(len(out), "bvec.tobytes")
        return out

    def __enter__(self) -> BvecList:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _pages(b: Bvec, length: int) -> int:
    """Pages needed to cover [b.offset, b.offset+length) from b.page (0 for length 0)."""
    if length == 0:
        return 0
    ps = b.pool.page_size
    return (b.offset + length + ps - 1) // ps
