"""Directory snapshots that give readdir stable cookies and cheap paging.

Operation: the first readdir of a directory version takes a snapshot (entries sorted by name)
and caches it under the directory's FileId together with a version key (memory: a change
counter; vfs: mtime and ctime in ns).  A cookie is the entry's index in that snapshot plus
FIRST_COOKIE, so a page is a list slice: paging through n entries costs O(n) in total, never
O(n^2).  A changed directory gets a new key, so a new snapshot and a new cookie verifier.
"""

from __future__ import annotations

import collections
import hashlib
from collections.abc import Callable, Hashable
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


def page_bounds(cookie: int, count: int, total: int) -> tuple[int, int, bool]:
    """(start, end, eof) of the snapshot slice after ``cookie`` (0, 1, 2: from the start)."""
    start = 0 if cookie < FIRST_COOKIE else cookie - FIRST_COOKIE + 1
    start = min(start, total)
    end = min(start + max(count, 0), total)
    return start, end, end >= total


class DirCache(Generic[T]):
    """LRU of per-directory snapshots, each valid for one version key."""

    __slots__ = ("_snaps",)

    def __init__(self) -> None:
        self._snaps: collections.OrderedDict[bytes, tuple[Hashable, list[T]]] = (
            collections.OrderedDict()
        )

    def get(self, fid: bytes, key: Hashable, build: Callable[[], list[T]]) -> list[T]:
        hit = self._snaps.get(fid)
        if hit is not None and hit[0] == key:
            self._snaps.move_to_end(fid)
            return hit[1]
        snap = build()
        self._snaps[fid] = (key, snap)
        self._snaps.move_to_end(fid)
        while len(self._snaps) > MAX_SNAPSHOTS:
            self._snaps.popitem(last=False)
        return snap

    def forget(self, fid: bytes) -> None:
        self._snaps.pop(fid, None)
