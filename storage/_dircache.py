"""Directory snapshots that give readdir stable cookies and cheap paging.

Operation: the first readdir of a directory version takes a snapshot and caches it under the
directory's FileId together with a version key (memory: a change counter; vfs: mtime and
ctime in ns).  An entry's cookie is a 63-bit hash of its name (as ext4's htree cookies are),
and a snapshot is sorted by cookie, so a page is a bisect and a slice: paging through n
entries costs O(n log n) in total, never O(n^2).

Why names, not positions: a cookie must keep its meaning when the directory changes between
two READDIRs -- `rm -rf` removes every entry it has just listed, then asks for the next page.
A position would then skip entries (or force NFS3ERR_BAD_COOKIE and a restart from the top,
which makes `rm -rf` quadratic); a name hash resumes exactly after the last name returned.
The cookie verifier still changes with every version, so a client can see the change.
"""

from __future__ import annotations

import bisect
import collections
import hashlib
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

from storage.backend import FIRST_COOKIE

T = TypeVar("T")

# 16 directories being listed at once is plenty for one export; a snapshot of 100,000 names
# is a few MB, so the bound keeps the worst case near 100 MB.
MAX_SNAPSHOTS = 16


def cookieverf_of(key: Hashable) -> bytes:
    """8 non-zero bytes derived from a directory version key."""
    verf = hashlib.blake2b(repr(key).encode(), digest_size=8).digest()
    return verf if any(verf) else b"\x01" * 8


def name_cookie(name: bytes) -> int:
    """The cookie of the entry called ``name``: 63 bits of BLAKE2b, never below FIRST_COOKIE.

    Two names of one directory colliding needs ~2^31 entries; not handled beyond that.
    """
    h = int.from_bytes(hashlib.blake2b(name, digest_size=8).digest(), "big") >> 1
    return max(h, FIRST_COOKIE)


def snapshot(entries: Iterable[tuple[bytes, int]]) -> list[tuple[int, bytes, int]]:
    """(cookie, name, fileid) for each (name, fileid), sorted by cookie."""
    return sorted((name_cookie(n), n, ino) for n, ino in entries)


def page_bounds(snap: list[tuple[int, bytes, int]], cookie: int,
                count: int) -> tuple[int, int, bool]:
    """(start, end, eof) of the slice of ``snap`` after ``cookie`` (0, 1, 2: from the start).

    Any cookie is accepted: one whose entry is gone resumes at the next name after it.
    """
    total = len(snap)
    start = 0 if cookie < FIRST_COOKIE else bisect.bisect_right(snap, (cookie, b"\xff" * 256))
    end = min(start + max(count, 0), total)
    return start, end, end >= total


class DirCache(Generic[T]):  # T: a snapshot entry
    """LRU of per-directory snapshots, each valid for one version key."""

    __slots__ = ("_snaps",)

    def __init__(self) -> None:
        self._snaps: collections.OrderedDict[bytes, tuple[Hashable, list[T]]] = (
            collections.OrderedDict()
        )

    def get(self, fid: bytes, key: Hashable, build: Callable[[], list[T]]) -> list[T]:
        hit = self.peek(fid, key)
        if hit is not None:
            return hit
        snap = build()
        self.put(fid, key, snap)
        return snap

    def peek(self, fid: bytes, key: Hashable) -> list[T] | None:
        """The snapshot of ``fid`` at version ``key``, or None (built off the loop by vfs)."""
        hit = self._snaps.get(fid)
        if hit is not None and hit[0] == key:
            self._snaps.move_to_end(fid)
            return hit[1]
        return None

    def put(self, fid: bytes, key: Hashable, snap: list[T]) -> None:
        self._snaps[fid] = (key, snap)
        self._snaps.move_to_end(fid)
        while len(self._snaps) > MAX_SNAPSHOTS:
            self._snaps.popitem(last=False)

    def forget(self, fid: bytes) -> None:
        self._snaps.pop(fid, None)
