"""Byte-range locks mirrored into CephFS, so that gateways on one CephFS (and any other
CephFS client) exclude each other's locks (docs/cephfs-gateways.md).

The server's `LockManager` stays the front: NFSv4 and NLM conflicts, waiters, grace.  Before
it grants a new NFSv4 lock the range is taken in CephFS for the same owner, not waiting
(`try_lock`): held there by someone else, the LOCK is DENIED.  After every change of an
owner's held locks (grant, unlock, release, expiry, a waiter granted later) the owner's
CephFS locks on the file are set to exactly what the manager holds (`on_held`).  Every CephFS
lock call runs in order on one thread of the mirror's own, never on the loop; the releases do
not wait (a lock freed here is freed in CephFS a moment later: another gateway asking
meanwhile is DENIED and asks again).

A CephFS lock owner is a 64-bit number: a hash of this gateway's node id and the manager's
owner, so owners of different gateways never collide.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import logging
from collections.abc import Callable, Hashable
from typing import Any

from nfsrdma.locks.manager import Lock, Owner

__all__ = ["CephLockMirror"]

log = logging.getLogger("nfsrdma.cluster")

#: backend of an export id (None: not served now, or not on CephFS)
BackendOf = Callable[[int], Any]


class CephLockMirror:
    """The `LockManager.arbiter` and held-lock listener of a server on CephFS exports."""

    def __init__(self, node: str, backend_of: BackendOf,
                 on_error: Callable[[str], None] | None = None) -> None:
        self.node = node
        self._backend_of = backend_of
        self._on_error = on_error
        self._pool = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="cephlocks")
        #: locks CephFS refused when setting an owner's held locks (held elsewhere)
        self.refused = 0

    def owner_id(self, owner: Owner) -> int:
        digest = hashlib.blake2b(repr((self.node, owner)).encode(), digest_size=8).digest()
        return int.from_bytes(digest, "little")

    def _target(self, file: Hashable) -> tuple[Any, bytes] | None:
        if not (isinstance(file, tuple) and len(file) == 2):
            return None
        export_id, fid = file
        be = self._backend_of(export_id)
        if be is None or not hasattr(be, "set_locks"):
            return None
        return be, fid

    async def try_lock(self, file: Hashable, owner: Owner, start: int, end: int,
                       exclusive: bool) -> bool:
        t = self._target(file)
        if t is None:
            return True
        be, fid = t
        loop = asyncio.get_running_loop()
        return bool(await loop.run_in_executor(self._pool, be.try_lock, fid,
                                               self.owner_id(owner), start, end, exclusive))

    async def resync(self, file: Hashable, owner: Owner, held: list[Lock]) -> None:
        fut = self._submit(file, owner, held)
        if fut is not None:
            await asyncio.wrap_future(fut)

    def on_held(self, file: Hashable, owner: Owner, held: list[Lock]) -> None:
        self._submit(file, owner, held)

    def _submit(self, file: Hashable, owner: Owner, held: list[Lock]
                ) -> concurrent.futures.Future[None] | None:
        t = self._target(file)
        if t is None:
            return None
        be, fid = t
        ranges = [(lk.start, lk.end, lk.exclusive) for lk in held]
        fut = self._pool.submit(self._set, be, fid, self.owner_id(owner), ranges)
        return fut

    def _set(self, be: Any, fid: bytes, owner: int, ranges: list[tuple[int, int, bool]]
             ) -> None:
        try:
            refused = be.set_locks(fid, owner, ranges)
        except OSError as e:
            log.error("CephFS locks: %s", e)
            refused = 0
        except Exception:
            log.exception("CephFS locks")
            if self._on_error is not None:
                self._on_error("cephfs_locks")
            return
        if refused:
            self.refused += refused
            log.warning("CephFS locks: %d range(s) held by another CephFS client could not be "
                        "mirrored", refused)

    def close(self) -> None:
        self._pool.shutdown(wait=True)
