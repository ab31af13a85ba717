"""One bounded thread pool for storage syscalls that can block for long (knfsd's nfsd threads).

Operation: `run_blocking(fn, *args)` hands ``fn`` to a small pool of worker threads and awaits
its result, so an fsync on a slow disk, a large preadv/pwritev or the scan of a huge directory
stalls only the call that asked for it, never the event loop (other connections, RDMA
completions, timers).  The pool is bounded twice: ``workers`` threads run syscalls, and at
most ``max_queued`` more calls wait for a thread; past that, callers wait on the loop (FIFO)
for a slot, which is back-pressure on the clients issuing them, not an error.

Buffers belong to the syscall until it returns: if the awaiting task is cancelled,
`run_blocking` still waits for the worker to finish before re-raising, so the caller never
frees (or returns to the pool) pages a thread is still reading into.  Callers pass fds they
own for the duration (a dup, or one no other task can close) for the same reason.
"""

from __future__ import annotations

import asyncio
import collections
import os
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

__all__ = ["Offload", "default_offload", "run_blocking", "set_default"]

T = TypeVar("T")

# Blocking storage calls are I/O bound (the GIL is released in the syscall): a few threads
# per core keep several disks or a slow NFS-backed export busy without a thread per call.
DEFAULT_WORKERS = min(32, 4 * (os.cpu_count() or 1))
# 256 waiting calls is far more than one server's clients keep outstanding on slow storage
# (a kernel client has at most its slot table, 64-128 calls), yet bounds the queue's memory.
DEFAULT_MAX_QUEUED = 256


class Offload:
    """A bounded worker pool: ``workers`` running + ``max_queued`` waiting calls at most."""

    __slots__ = ("_executor", "_inflight", "_waiters", "max_queued", "workers")

    def __init__(self, workers: int = DEFAULT_WORKERS,
                 max_queued: int = DEFAULT_MAX_QUEUED) -> None:
        if workers < 1 or max_queued < 0:
            raise ValueError("offload needs at least one worker and a non-negative queue")
        self.workers = workers
        self.max_queued = max_queued
        self._executor: ThreadPoolExecutor | None = None
        self._inflight = 0
        self._waiters: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def inflight(self) -> int:
        """Calls handed to the pool and not finished (running or queued in the executor)."""
        return self._inflight

    async def _slot(self) -> None:
        if self._inflight < self.workers + self.max_queued and not self._waiters:
            self._inflight += 1
            return
        fut: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiters.append(fut)
        try:
            await fut  # the releaser counted us in
        except asyncio.CancelledError:
            if fut.done() and not fut.cancelled():
                self._release()  # granted and cancelled at once: pass the slot on
            else:
                self._waiters.remove(fut)
            raise

    def _release(self) -> None:
        while self._waiters:
            fut = self._waiters.popleft()
            if not fut.done():
                fut.set_result(None)  # the slot moves to this waiter: inflight unchanged
                return
        self._inflight -= 1

    async def run(self, fn: Callable[..., T], *args: object) -> T:
        """Run ``fn(*args)`` on a worker thread and return its result.

        Assumptions: ``fn`` touches no loop state and its arguments (fds, buffers) stay valid
        until it returns.

        Returns:
            What ``fn`` returned.

        Raises:
            Whatever ``fn`` raised (OSError from the syscall, typically); CancelledError only
            once ``fn`` has finished.
        """
        await self._slot()
        try:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(self.workers, "nfsrdma-io")
            fut = asyncio.get_running_loop().run_in_executor(self._executor, fn, *args)
            try:
                return await asyncio.shield(fut)
            except asyncio.CancelledError:
                # The thread still owns fds and pages: let it finish before the caller frees
                # them; a second cancel while waiting is absorbed for the same reason.
                while not fut.done():
                    try:
                        await asyncio.wait((fut,))
                    except asyncio.CancelledError:
                        continue
                raise
        finally:
            self._release()

    def close(self) -> None:
        """Stop the threads once their calls are done (a later `run` starts new ones)."""
        ex, self._executor = self._executor, None
        if ex is not None:
            ex.shutdown(wait=True)


_default = Offload()


def default_offload() -> Offload:
    """The process-wide pool every backend uses unless given its own."""
    return _default


def set_default(offload: Offload) -> Offload:
    """Replace the process-wide pool (CLI sizing); returns the previous one."""
    global _default
    old, _default = _default, offload
    return old


async def run_blocking(fn: Callable[..., T], *args: object) -> T:
    """`Offload.run` on the process-wide pool."""
    return await _default.run(fn, *args)
