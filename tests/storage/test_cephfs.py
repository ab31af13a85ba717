"""CephfsBackend only: what the shared suite (test_backend.py, test_backend_v42.py, which run
on cephfs too) does not show, on the session's one-node Ceph cluster.

- FileIds are inode numbers: a second backend instance (a new libcephfs client, as after a
  server restart) resolves them, a removed object is ESTALE, a malformed id too;
- READ and WRITE move payloads between pool pages and libcephfs with no Python copy, and a
  WRITE's wcc attributes come from its own stats;
- no libcephfs call runs on the event loop's thread;
- ``.snap`` is not served; a missing export directory is a clear error at start-up.
"""

from __future__ import annotations

import errno
import os
import threading
from collections.abc import AsyncIterator

import pytest

from storage import COPIES, PagePool, SetAttrs, StorageError
from storage._libcephfs import Mount
from storage.cephfs import CephfsBackend
from tests.ceph_cluster import CephCluster
from tests.storage.test_backend import ROOT, cephfs_backend, err


@pytest.fixture
async def be(ceph_cluster: CephCluster) -> AsyncIterator[CephfsBackend]:
    b = await cephfs_backend(ceph_cluster)
    yield b
    b.close()


async def test_handles_resolve_in_a_new_client(be: CephfsBackend,
                                               ceph_cluster: CephCluster) -> None:
    root = await be.root()
    d = await be.mkdir(root, b"d", 0o755, ROOT)
    f = await be.create(d, b"f", 0o644, ROOT)
    gone = await be.create(d, b"gone", 0o644, ROOT)
    await be.remove(d, b"gone", ROOT)
    await be.rename(d, b"f", root, b"moved", ROOT)
    other = CephfsBackend(str(ceph_cluster.conf))  # another client: none of be's inodes
    try:
        a = await other.getattr(f)
        assert a.fileid == (await be.getattr(f)).fileid and a.nlink == 1
        assert await other.lookup(root, b"moved", ROOT) == f
        assert await other.lookup(d, b"..", ROOT) == root
        with err(errno.ESTALE):
            await other.getattr(gone)
        with err(errno.ESTALE):
            await other.getattr(b"short")
        with err(errno.ESTALE):
            await other.getattr((1 << 62).to_bytes(8, "little") + b"\xfe" + b"\xff" * 7)
    finally:
        other.close()


async def test_read_write_copy_nothing(be: CephfsBackend) -> None:
    pool = PagePool(4 << 20)
    f = await be.create(await be.root(), b"f", 0o644, ROOT)
    bl = await pool.alloc(1 << 20)
    bl.fill(os.urandom(bl.nbytes))
    pieces = bl.slice(100, 300_000)  # unaligned, several pages
    COPIES.reset()
    assert await be.write(f, 0, bl, True, ROOT) == 1 << 20
    n, before, after = await be.write_with_attrs(f, (1 << 20) - 10, pieces, False, ROOT)
    assert n == 300_000 and before is not None and after is not None
    assert (before.size, after.size) == (1 << 20, (1 << 20) - 10 + 300_000)
    assert await be.setattr(f, SetAttrs(size=1 << 20), ROOT)
    assert await be.write(f, 5, pieces, False, ROOT) == 300_000
    await be.commit(f, ROOT)
    out, eof = await be.read(f, 0, 2 << 20, pool, ROOT)
    assert COPIES.total == 0
    want = bytearray(bl.tobytes())
    want[(1 << 20) - 10:] = pieces.tobytes()[:10]  # kept by the truncate to 1 MiB
    want[5:300_005] = pieces.tobytes()
    assert eof and out.tobytes() == want
    out.release()
    bl.release()
    assert pool.used_pages() == 0


async def test_no_libcephfs_call_on_the_event_loop(be: CephfsBackend,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    loop_thread = threading.get_ident()
    on_loop: list[str] = []
    for name in ("lookup", "lookup_inode", "getattr", "setattr", "create", "mkdir", "readv",
                 "writev", "fsync", "listdir", "unlink", "rename", "statfs", "open"):
        real = getattr(Mount, name)

        def spy(self: Mount, *args: object, _real: object = real, _name: str = name) -> object:
            if threading.get_ident() == loop_thread:
                on_loop.append(_name)
            return _real(self, *args)  # type: ignore[operator]

        monkeypatch.setattr(Mount, name, spy)
    pool = PagePool(1 << 20)
    root = await be.root()
    d = await be.mkdir(root, b"d", 0o755, ROOT)
    f = await be.create(d, b"f", 0o644, ROOT)
    bl = await pool.alloc(8192)
    bl.fill(b"x" * 8192)
    await be.write(f, 0, bl, True, ROOT)
    bl.release()
    out, _ = await be.read(f, 0, 8192, pool, ROOT)
    out.release()
    await be.readdir(d, 0, 10, ROOT, plus=True)
    await be.rename(d, b"f", root, b"g", ROOT)
    await be.statfs(root)
    await be.remove(root, b"g", ROOT)
    assert on_loop == []


async def test_snapdir_is_not_served(be: CephfsBackend) -> None:
    root = await be.root()
    with err(errno.ENOENT):
        await be.lookup(root, b".snap", ROOT)
    with err(errno.EEXIST):
        await be.mkdir(root, b".snap", 0o755, ROOT)


def test_missing_export_directory(ceph_cluster: CephCluster) -> None:
    with pytest.raises(StorageError) as e:
        CephfsBackend(str(ceph_cluster.conf), "/no/such/dir")
    assert e.value.errno == errno.ENOENT
