"""The storage thread pool: bounded, cancel-safe, and what the vfs backend sends to it."""

from __future__ import annotations

import asyncio
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from storage import Cred, PagePool, VfsBackend
from storage._offload import Offload

ROOT = Cred(0, 0)
WAIT = 20.0


async def test_queue_is_bounded_and_fifo() -> None:
    """One worker + one queued call: a third caller waits on the loop until a slot frees."""
    off = Offload(workers=1, max_queued=1)
    gate = threading.Event()
    started: list[int] = []

    def job(i: int) -> int:
        started.append(i)
        assert gate.wait(WAIT)
        return i * 10

    try:
        tasks = [asyncio.create_task(off.run(job, i)) for i in range(3)]
        await asyncio.to_thread(lambda: None)  # let the tasks reach the pool
        for _ in range(10):
            await asyncio.sleep(0)
        assert off.inflight == 2  # the third was never handed to the executor
        assert started == [0]
        gate.set()
        assert await asyncio.wait_for(asyncio.gather(*tasks), WAIT) == [0, 10, 20]
        assert started == [0, 1, 2] and off.inflight == 0
    finally:
        gate.set()
        off.close()


async def test_cancel_waits_for_the_syscall() -> None:
    """A cancelled caller gets CancelledError only after its thread finished with the buffer."""
    off = Offload(workers=1, max_queued=0)
    gate = threading.Event()
    buf = bytearray(4)

    def job() -> None:
        assert gate.wait(WAIT)
        buf[:] = b"done"

    try:
        task = asyncio.create_task(off.run(job))
        await asyncio.to_thread(lambda: None)
        task.cancel()
        for _ in range(10):
            await asyncio.sleep(0)
        assert not task.done()  # still blocked in the thread: the buffer is not ours yet
        gate.set()
        with pytest.raises(asyncio.CancelledError):
            await asyncio.wait_for(task, WAIT)
        assert buf == b"done" and off.inflight == 0
    finally:
        gate.set()
        off.close()


async def test_errors_propagate() -> None:
    off = Offload(workers=1)
    try:
        with pytest.raises(OSError):
            await off.run(os.fsync, 2**20)  # EBADF
        assert off.inflight == 0
    finally:
        off.close()


class CountingOffload(Offload):
    def __init__(self) -> None:
        super().__init__(workers=2)
        self.calls: list[str] = []

    async def run(self, fn: Any, *args: object) -> Any:
        self.calls.append(getattr(fn, "__name__", "?"))
        return await super().run(fn, *args)


async def test_vfs_large_io_fsync_and_new_directory_pages_go_to_threads(tmp_path: Path) -> None:
    export = tmp_path / "export"
    export.mkdir()
    for i in range(50):
        (export / f"n{i:02d}").write_bytes(b"")
    off = CountingOffload()
    be = VfsBackend(export, offload=off, inline_io_max=64 * 1024)
    pool = PagePool(8 << 20)
    try:
        root = await be.root()
        fid = await be.create(root, b"big", 0o644, ROOT)
        small, big = os.urandom(4096), os.urandom(1 << 20)
        for data, stable in ((small, False), (big, False), (small, True)):
            bl = await pool.alloc(len(data))
            bl.fill(data)
            try:
                assert await be.write(fid, 0, bl, stable, ROOT) == len(data)
            finally:
                bl.release()
        assert off.calls == ["_pwrite_dup", "_sync_dup"]
        await be.commit(fid, ROOT)
        assert off.calls[-1] == "_sync_dup"
        assert (export / "big").read_bytes() == small + big[4096:]

        off.calls.clear()
        for count, want in ((4096, small), (1 << 20, small + big[4096:])):
            bl, eof = await be.read(fid, 0, count, pool, ROOT)
            try:
                assert bl.tobytes() == want and eof == (count == 1 << 20)
            finally:
                bl.release()
        assert off.calls == ["_pread_stat"]

        # A new directory version: 51 entries' handles and lstats in one storage-thread hop
        # (the scan of a one-block directory stays on the loop), not one per entry.
        off.calls.clear()
        rd = await be.readdir(root, 0, 1000, ROOT, plus=True)
        names = sorted([f"n{i:02d}".encode() for i in range(50)] + [b"big"])
        assert sorted(e.name for e in rd.entries) == names
        assert all(e.attrs is not None and e.attrs.fileid == e.fileid for e in rd.entries)
        assert off.calls == ["_lookup"]
        # Same version: handles known, served on the loop (READDIRPLUS lstats afresh).
        assert sorted(e.name for e in (await be.readdir(root, 0, 1000, ROOT)).entries) == names
        (export / "n07").write_bytes(b"x" * 100)  # a file's change is not the directory's
        rd = await be.readdir(root, 0, 1000, ROOT, plus=True)
        assert {e.name: e.attrs.size for e in rd.entries if e.attrs}[b"n07"] == 100
        assert off.calls == ["_lookup"]
        # Small pages stay on the loop; a directory past one block is scanned on a thread
        # together with its first page's lookups; many listings of that new page at once
        # share the one hop.
        off.calls.clear()
        (export / "d").mkdir()
        for i in range(300):
            (export / "d" / f"entry-{i:04d}-{'y' * 40}").write_bytes(b"")
        d = await be.lookup(root, b"d", ROOT)
        pages = await asyncio.gather(*(be.readdir(d, 0, 100, ROOT, plus=True) for _ in range(8)))
        assert off.calls == ["_scan_lookup"]
        assert all([e.name for e in p.entries] == [e.name for e in pages[0].entries]
                   and len(p.entries) == 100 for p in pages)
        small = await be.readdir(d, pages[0].entries[-1].cookie, 10, ROOT, plus=True)
        assert off.calls == ["_scan_lookup"] and len(small.entries) == 10
    finally:
        be.close()
        off.close()
        assert pool.used_pages() == 0


async def test_vfs_concurrent_listings_of_a_changing_directory(tmp_path: Path) -> None:
    """Listings of the same page, some waiting for another's storage-thread hop, while the
    directory changes under them (each change a new version, a new leader): every one gets
    a consistent page, none trips over another's bookkeeping (the soak found one that did)."""
    export = tmp_path / "export"
    (export / "d").mkdir(parents=True)
    for i in range(200):
        (export / "d" / f"entry-{i:04d}").write_bytes(b"")
    off = Offload(workers=2)
    be = VfsBackend(export, offload=off)
    try:
        root = await be.root()
        d = await be.lookup(root, b"d", ROOT)

        async def lister() -> None:
            for _ in range(30):
                page = await be.readdir(d, 0, 100, ROOT, plus=True)
                assert len(page.entries) == 100 and all(e.attrs for e in page.entries)

        async def changer() -> None:
            for i in range(60):
                (export / "d" / f"new-{i:03d}").write_bytes(b"")
                await asyncio.sleep(0.002)

        await asyncio.gather(*(lister() for _ in range(8)), changer())
        assert not be._listing
    finally:
        be.close()
        off.close()
