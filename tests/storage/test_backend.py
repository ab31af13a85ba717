"""The shared StorageBackend suite, run against MemoryBackend, VfsBackend (tmp_path) and
CephfsBackend (a fresh directory of the session's one-node Ceph cluster, tests/ceph_cluster.py).

Every backend must pass every test here; tests for one backend only are marked by name.
"""

from __future__ import annotations

import errno
import os
import stat
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storage import (
    COPIES,
    SERVER_TIME,
    BvecList,
    CreateMode,
    Cred,
    FileId,
    FileType,
    MemoryBackend,
    NotSync,
    PagePool,
    SetAttrs,
    StorageBackend,
    StorageError,
    VfsBackend,
)
from storage._dircache import name_cookie, page_bounds, snapshot
from storage.backend import (
    ACCESS_DELETE,
    ACCESS_EXECUTE,
    ACCESS_EXTEND,
    ACCESS_LOOKUP,
    ACCESS_MODIFY,
    ACCESS_READ,
    FIRST_COOKIE,
)
from storage.cephfs import CephfsBackend
from tests.ceph_cluster import CephCluster

ROOT = Cred(0, 0)
ALICE = Cred(1000, 1000, (1000, 2000))
BOB = Cred(1001, 1001)
ALL = 0x3F


@dataclass
class Env:
    kind: str
    be: StorageBackend
    root: FileId
    pool: PagePool
    path: Path | None  # vfs: the exported directory

    async def put(self, fid: FileId, offset: int, data: bytes, cred: Cred = ROOT) -> int:
        bl = await self.pool.alloc(len(data))
        try:
            bl.fill(data)
            return await self.be.write(fid, offset, bl, False, cred)
        finally:
            bl.release()

    async def get(
        self, fid: FileId, offset: int, count: int, cred: Cred = ROOT
    ) -> tuple[bytes, bool]:
        bl, eof = await self.be.read(fid, offset, count, self.pool, cred)
        try:
            return bl.tobytes(), eof
        finally:
            bl.release()

    async def home(self, cred: Cred = ALICE, mode: int = 0o755) -> FileId:
        """A directory owned by ``cred`` (created by root, then chowned)."""
        d = await self.be.mkdir(self.root, b"home%d" % cred.uid, mode, ROOT)
        await self.be.setattr(d, SetAttrs(uid=cred.uid, gid=cred.gid), ROOT)
        return d


@pytest.fixture(params=["memory", "vfs", "cephfs"])
async def env(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Env]:
    pool = PagePool(8 << 20)
    if request.param == "memory":
        be: StorageBackend = MemoryBackend()
        path = None
    elif request.param == "cephfs":
        be = await cephfs_backend(request.getfixturevalue("ceph_cluster"))
        path = None
    else:
        path = tmp_path / "export"
        path.mkdir()
        os.chmod(path, 0o755)
        be = VfsBackend(path)
    yield Env(request.param, be, await be.root(), pool, path)
    if isinstance(be, VfsBackend | CephfsBackend):
        be.close()
    assert pool.used_pages() == 0, "a test leaked pool pages"


async def cephfs_backend(cluster: CephCluster) -> CephfsBackend:
    """A backend over a new, empty directory (mode 0755) of the cluster's CephFS."""
    name = b"t-%s" % os.urandom(6).hex().encode()
    top = CephfsBackend(str(cluster.conf))
    try:
        await top.mkdir(await top.root(), name, 0o755, ROOT)
    finally:
        top.close()
    return CephfsBackend(str(cluster.conf), "/" + name.decode())


def err(code: int) -> pytest.RaisesExc[StorageError]:
    return pytest.raises(StorageError, match=None, check=lambda e: e.errno == code)


# -- objects, names, lookup ----------------------------------------------------------------


async def test_root_attrs(env: Env) -> None:
    a = await env.be.getattr(env.root)
    assert a.type == FileType.DIR and a.nlink >= 2 and a.mode == 0o755
    assert await env.be.root("/") == env.root
    assert await env.be.lookup(env.root, b"..", ROOT) == env.root
    assert await env.be.lookup(env.root, b".", ROOT) == env.root


async def test_create_lookup_getattr(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o640, ROOT)
    assert await env.be.lookup(env.root, b"f", ROOT) == f
    a = await env.be.getattr(f)
    assert a.type == FileType.REG and a.mode == 0o640 and a.size == 0 and a.nlink == 1
    with err(errno.ENOENT):
        await env.be.lookup(env.root, b"nope", ROOT)
    with err(errno.ENOTDIR):
        await env.be.lookup(f, b"x", ROOT)


async def test_root_export_path(env: Env) -> None:
    d = await env.be.mkdir(env.root, b"sub", 0o755, ROOT)
    assert await env.be.root(b"sub") == d
    assert await env.be.root("/sub/") == d
    with err(errno.ENOENT):
        await env.be.root("missing")


async def test_dot_and_dotdot(env: Env) -> None:
    d = await env.be.mkdir(env.root, b"d", 0o755, ROOT)
    e = await env.be.mkdir(d, b"e", 0o755, ROOT)
    assert await env.be.lookup(e, b"..", ROOT) == d
    assert await env.be.lookup(d, b"..", ROOT) == env.root
    assert await env.be.lookup(e, b".", ROOT) == e


@pytest.mark.parametrize(
    ("name", "code"),
    [
        (b"", errno.EINVAL),
        (b"a/b", errno.EINVAL),
        (b"a\0b", errno.EINVAL),
        (b"x" * 256, errno.ENAMETOOLONG),
    ],
)
async def test_bad_names(env: Env, name: bytes, code: int) -> None:
    with err(code):
        await env.be.lookup(env.root, name, ROOT)
    with err(code):
        await env.be.create(env.root, name, 0o644, ROOT)
    with err(code):
        await env.be.mkdir(env.root, name, 0o755, ROOT)


async def test_long_name_ok(env: Env) -> None:
    f = await env.be.create(env.root, b"n" * 255, 0o644, ROOT)
    assert await env.be.lookup(env.root, b"n" * 255, ROOT) == f


# -- create modes --------------------------------------------------------------------------


async def test_create_unchecked_and_guarded(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    await env.put(f, 0, b"keep")
    assert await env.be.create(env.root, b"f", 0o600, ROOT) == f
    assert (await env.be.getattr(f)).size == 4  # untouched
    with err(errno.EEXIST):
        await env.be.create(env.root, b"f", 0o644, ROOT, mode=CreateMode.GUARDED)
    await env.be.mkdir(env.root, b"d", 0o755, ROOT)
    with err(errno.EISDIR):
        await env.be.create(env.root, b"d", 0o644, ROOT)
    with err(errno.EEXIST):
        await env.be.create(env.root, b"d", 0o644, ROOT, mode=CreateMode.GUARDED)


async def test_create_exclusive_verifier(env: Env) -> None:
    v1, v2 = b"\x01\x02\x03\x04\x05\x06\x07\x08", b"\x11\x02\x03\x04\x05\x06\x07\x08"
    ex = CreateMode.EXCLUSIVE
    f = await env.be.create(env.root, b"x", 0o644, ROOT, mode=ex, verifier=v1)
    # a retransmission with the same verifier succeeds with the same object
    assert await env.be.create(env.root, b"x", 0o644, ROOT, mode=ex, verifier=v1) == f
    with err(errno.EEXIST):
        await env.be.create(env.root, b"x", 0o644, ROOT, mode=ex, verifier=v2)
    # the client then sets real times: the verifier no longer matches
    await env.be.setattr(f, SetAttrs(atime=SERVER_TIME, mtime=SERVER_TIME), ROOT)
    with err(errno.EEXIST):
        await env.be.create(env.root, b"x", 0o644, ROOT, mode=ex, verifier=v1)
    await env.be.create(env.root, b"plain", 0o644, ROOT)
    with err(errno.EEXIST):
        await env.be.create(env.root, b"plain", 0o644, ROOT, mode=ex, verifier=v1)
    with err(errno.EINVAL):
        await env.be.create(env.root, b"y", 0o644, ROOT, mode=ex, verifier=b"short")


# -- data ------------------------------------------------------------------------------------


async def test_write_read_roundtrip(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    data = os.urandom(3 * 4096 + 17)
    assert await env.put(f, 0, data) == len(data)
    assert await env.get(f, 0, len(data)) == (data, True)
    assert await env.get(f, 100, 50) == (data[100:150], False)
    assert (await env.be.getattr(f)).size == len(data)
    # short read at EOF is trimmed, and so is its page list
    bl, eof = await env.be.read(f, len(data) - 10, 65536, env.pool, ROOT)
    assert bl.nbytes == 10 and eof and env.pool.used_pages() == 1
    bl.release()
    assert await env.get(f, len(data) + 5, 10) == (b"", True)


async def test_sparse_write_reads_zeros(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    await env.put(f, 10000, b"tail")
    got, eof = await env.get(f, 0, 20000)
    assert got == bytes(10000) + b"tail" and eof


async def test_scattered_payload_write_and_read(env: Env) -> None:
    """Payloads made of several bvecs (fragmented pool) go through pwritev/preadv intact."""
    pool = PagePool(8 * 4096)
    holes = [pool.try_alloc(4096) for _ in range(8)]
    for i in (1, 3, 6):
        holes[i].release()  # type: ignore[union-attr]
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    bl = pool.try_alloc(3 * 4096)
    assert bl is not None and len(bl.bvecs) == 3
    data = os.urandom(3 * 4096)
    bl.fill(data)
    assert await env.be.write(f, 5, bl.slice(1, 3 * 4096 - 1), True, ROOT) == 3 * 4096 - 1
    bl.release()
    out, eof = await env.be.read(f, 5, 3 * 4096, pool, ROOT)
    assert len(out.bvecs) == 3 and out.tobytes() == data[1:] and eof
    out.release()
    await env.be.commit(f, ROOT)
    for i in (0, 2, 4, 5, 7):
        holes[i].release()  # type: ignore[union-attr]
    assert pool.used_pages() == 0


async def test_read_write_on_non_files(env: Env) -> None:
    d = await env.be.mkdir(env.root, b"d", 0o755, ROOT)
    ln = await env.be.symlink(env.root, b"l", b"target", ROOT)
    with err(errno.EISDIR):
        await env.get(d, 0, 10)
    with err(errno.EINVAL):
        await env.get(ln, 0, 10)
    with err(errno.EISDIR):
        await env.put(d, 0, b"x")


async def test_memory_backend_counts_its_copies(env: Env) -> None:
    if env.kind != "memory":
        pytest.skip("memory backend only")
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    bl = await env.pool.alloc(1000)
    COPIES.reset()
    await env.be.write(f, 0, bl, False, ROOT)
    bl.release()
    out, _ = await env.be.read(f, 0, 1000, env.pool, ROOT)
    out.release()
    assert COPIES.by_where == {"memory-backend": 2000}


async def test_vfs_read_write_copy_nothing(env: Env) -> None:
    if env.kind != "vfs":
        pytest.skip("vfs backend only")
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    bl = await env.pool.alloc(256 * 1024)
    bl.fill(os.urandom(bl.nbytes))
    COPIES.reset()
    assert await env.be.write(f, 0, bl, True, ROOT) == bl.nbytes
    out, eof = await env.be.read(f, 0, bl.nbytes, env.pool, ROOT)
    assert COPIES.total == 0 and eof and out.nbytes == bl.nbytes
    assert all(bytes(a) == bytes(b) for a, b in zip(out.views(), bl.views(), strict=True))
    out.release()
    bl.release()
    assert env.path is not None and (env.path / "f").stat().st_size == 256 * 1024


# -- attributes ------------------------------------------------------------------------------


async def test_setattr_size_mode_owner_times(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    await env.put(f, 0, b"0123456789")
    a = await env.be.setattr(f, SetAttrs(size=4), ROOT)
    assert a.size == 4 and (await env.get(f, 0, 100)) == (b"0123", True)
    a = await env.be.setattr(f, SetAttrs(size=8), ROOT)
    assert (await env.get(f, 0, 100))[0] == b"0123" + bytes(4)
    a = await env.be.setattr(f, SetAttrs(mode=0o4711, uid=5, gid=6), ROOT)
    assert (a.mode & 0o777, a.uid, a.gid) == (0o711, 5, 6)
    a = await env.be.setattr(f, SetAttrs(atime=(1000, 5), mtime=(2000, 7)), ROOT)
    assert a.atime == (1000, 5) and a.mtime == (2000, 7)
    before = time.time()
    a = await env.be.setattr(f, SetAttrs(mtime=SERVER_TIME), ROOT)
    assert a.mtime[0] >= int(before) - 1 and a.atime == (1000, 5)
    d = await env.be.mkdir(env.root, b"d", 0o755, ROOT)
    with err(errno.EISDIR):
        await env.be.setattr(d, SetAttrs(size=0), ROOT)


async def test_setattr_guard(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    a = await env.be.getattr(f)
    with pytest.raises(NotSync):
        await env.be.setattr(f, SetAttrs(mode=0o600), ROOT, guard_ctime=(a.ctime[0] - 5, 0))
    assert (await env.be.getattr(f)).mode == 0o644
    a = await env.be.setattr(f, SetAttrs(mode=0o600), ROOT, guard_ctime=a.ctime)
    assert a.mode == 0o600


async def test_ctime_and_mtime_move(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    a0 = await env.be.getattr(f)
    d0 = await env.be.getattr(env.root)
    time.sleep(0.01)
    await env.put(f, 0, b"x")
    a1 = await env.be.getattr(f)
    assert a1.mtime > a0.mtime and a1.ctime > a0.ctime
    await env.be.create(env.root, b"g", 0o644, ROOT)
    assert (await env.be.getattr(env.root)).mtime > d0.mtime


# -- namespace -------------------------------------------------------------------------------


async def test_mkdir_rmdir_nlink(env: Env) -> None:
    n0 = (await env.be.getattr(env.root)).nlink
    d = await env.be.mkdir(env.root, b"d", 0o750, ROOT)
    a = await env.be.getattr(d)
    assert a.type == FileType.DIR and a.mode == 0o750 and a.nlink == 2
    assert (await env.be.getattr(env.root)).nlink == n0 + 1
    with err(errno.EEXIST):
        await env.be.mkdir(env.root, b"d", 0o755, ROOT)
    await env.be.create(d, b"f", 0o644, ROOT)
    with err(errno.ENOTEMPTY):
        await env.be.rmdir(env.root, b"d", ROOT)
    with err(errno.ENOTDIR):
        await env.be.rmdir(d, b"f", ROOT)
    with err(errno.EISDIR):
        await env.be.remove(env.root, b"d", ROOT)
    with err(errno.EINVAL):
        await env.be.rmdir(d, b".", ROOT)
    await env.be.remove(d, b"f", ROOT)
    await env.be.rmdir(env.root, b"d", ROOT)
    assert (await env.be.getattr(env.root)).nlink == n0
    with err(errno.ESTALE):
        await env.be.getattr(d)
    with err(errno.ENOENT):
        await env.be.remove(env.root, b"d", ROOT)


async def test_estale_after_remove(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    await env.put(f, 0, b"data")
    await env.be.remove(env.root, b"f", ROOT)
    with err(errno.ESTALE):
        await env.be.getattr(f)
    with err(errno.ESTALE):
        await env.get(f, 0, 4)
    with err(errno.ESTALE):
        await env.be.getattr(b"\x09" * 12)


async def test_symlink_readlink(env: Env) -> None:
    ln = await env.be.symlink(env.root, b"l", b"../some/where", ROOT)
    assert await env.be.lookup(env.root, b"l", ROOT) == ln
    a = await env.be.getattr(ln)
    assert a.type == FileType.LNK and a.size == len(b"../some/where")
    assert await env.be.readlink(ln, ROOT) == b"../some/where"
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    with err(errno.EINVAL):
        await env.be.readlink(f, ROOT)
    with err(errno.EEXIST):
        await env.be.symlink(env.root, b"l", b"x", ROOT)


async def test_symlink_is_never_followed(env: Env) -> None:
    """A link to /etc (planted by the backend or, for vfs, by a local user) stays a link."""
    if env.path is not None:
        os.symlink("/etc", env.path / "etc")
        os.symlink("/etc/hostname", env.path / "host")
    else:
        await env.be.symlink(env.root, b"etc", b"/etc", ROOT)
        await env.be.symlink(env.root, b"host", b"/etc/hostname", ROOT)
    ln = await env.be.lookup(env.root, b"etc", ROOT)
    a = await env.be.getattr(ln)
    assert a.type == FileType.LNK and a.fileid != os.stat("/etc").st_ino
    with err(errno.ENOTDIR):
        await env.be.lookup(ln, b"passwd", ROOT)
    with err(errno.ENOTDIR):
        await env.be.create(ln, b"evil", 0o644, ROOT)
    with err(errno.ENOTDIR):
        await env.be.readdir(ln, 0, 10, ROOT)
    # creating over the link name neither follows it nor truncates the target
    with err(errno.EEXIST):
        await env.be.create(env.root, b"host", 0o644, ROOT)
    with err(errno.EEXIST):
        await env.be.create(env.root, b"host", 0o644, ROOT, mode=CreateMode.GUARDED)
    h = await env.be.lookup(env.root, b"host", ROOT)
    with err(errno.EINVAL):
        await env.get(h, 0, 10)
    assert (await env.be.lookup_attrs(env.root, b"etc", ROOT))[1].type == FileType.LNK
    assert await env.be.lookup(env.root, b"..", ROOT) == env.root


async def test_hard_links(env: Env) -> None:
    f = await env.be.create(env.root, b"a", 0o644, ROOT)
    d = await env.be.mkdir(env.root, b"d", 0o755, ROOT)
    await env.be.link(f, d, b"b", ROOT)
    assert await env.be.lookup(d, b"b", ROOT) == f
    a = await env.be.getattr(f)
    assert a.nlink == 2
    with err(errno.EEXIST):
        await env.be.link(f, d, b"b", ROOT)
    with err(errno.EPERM):
        await env.be.link(d, env.root, b"dlink", ROOT)
    await env.be.remove(env.root, b"a", ROOT)
    assert (await env.be.getattr(f)).nlink == 1
    await env.put(f, 0, b"still here")
    await env.be.remove(d, b"b", ROOT)
    with err(errno.ESTALE):
        await env.be.getattr(f)


async def test_rename(env: Env) -> None:
    f = await env.be.create(env.root, b"a", 0o644, ROOT)
    d = await env.be.mkdir(env.root, b"d", 0o755, ROOT)
    await env.be.rename(env.root, b"a", d, b"b", ROOT)
    with err(errno.ENOENT):
        await env.be.lookup(env.root, b"a", ROOT)
    assert await env.be.lookup(d, b"b", ROOT) == f  # the handle survives the rename
    assert (await env.be.getattr(f)).type == FileType.REG
    # over an existing file: the victim goes stale
    g = await env.be.create(env.root, b"g", 0o644, ROOT)
    await env.be.rename(d, b"b", env.root, b"g", ROOT)
    assert await env.be.lookup(env.root, b"g", ROOT) == f
    with err(errno.ESTALE):
        await env.be.getattr(g)
    # hard links to one object: nothing happens
    await env.be.link(f, env.root, b"g2", ROOT)
    await env.be.rename(env.root, b"g", env.root, b"g2", ROOT)
    assert await env.be.lookup(env.root, b"g", ROOT) == f
    with err(errno.ENOENT):
        await env.be.rename(env.root, b"missing", d, b"x", ROOT)


async def test_rename_directories(env: Env) -> None:
    a = await env.be.mkdir(env.root, b"a", 0o755, ROOT)
    b = await env.be.mkdir(a, b"b", 0o755, ROOT)
    c = await env.be.mkdir(env.root, b"c", 0o755, ROOT)
    with err(errno.EINVAL):
        await env.be.rename(env.root, b"a", b, b"inside", ROOT)
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    with err(errno.EISDIR):
        await env.be.rename(env.root, b"f", env.root, b"c", ROOT)
    with err(errno.ENOTDIR):
        await env.be.rename(env.root, b"c", env.root, b"f", ROOT)
    await env.be.create(c, b"x", 0o644, ROOT)
    with err(errno.ENOTEMPTY):
        await env.be.rename(a, b"b", env.root, b"c", ROOT)
    n_root = (await env.be.getattr(env.root)).nlink
    await env.be.rename(a, b"b", env.root, b"b", ROOT)
    assert await env.be.lookup(b, b"..", ROOT) == env.root
    assert (await env.be.getattr(env.root)).nlink == n_root + 1
    if env.kind != "cephfs":  # libcephfs keeps the source's cached subdirectory count
        assert (await env.be.getattr(a)).nlink == 2
    await env.be.rename(env.root, b"b", env.root, b"a", ROOT)  # over an empty directory
    assert await env.be.lookup(env.root, b"a", ROOT) == b
    with err(errno.ESTALE):
        await env.be.getattr(a)
    assert f


async def test_mknod(env: Env) -> None:
    fifo = await env.be.mknod(env.root, b"p", FileType.FIFO, 0o640, (0, 0), ROOT)
    a = await env.be.getattr(fifo)
    assert a.type == FileType.FIFO and a.mode == 0o640
    sock = await env.be.mknod(env.root, b"s", FileType.SOCK, 0o600, (0, 0), ROOT)
    assert (await env.be.getattr(sock)).type == FileType.SOCK
    chr_ = await env.be.mknod(env.root, b"c", FileType.CHR, 0o600, (1, 3), ROOT)
    a = await env.be.getattr(chr_)
    assert a.type == FileType.CHR and a.rdev == (1, 3)
    with err(errno.EINVAL):
        await env.be.mknod(env.root, b"r", FileType.REG, 0o600, (0, 0), ROOT)
    with err(errno.EINVAL):
        await env.get(chr_, 0, 10)  # never opened for I/O
    await env.be.setattr(fifo, SetAttrs(mode=0o600, uid=7), ROOT)
    a = await env.be.getattr(fifo)
    assert (a.mode, a.uid) == (0o600, 7)
    home = await env.home()
    with err(errno.EPERM):
        await env.be.mknod(home, b"c", FileType.CHR, 0o600, (1, 3), ALICE)
    await env.be.mknod(home, b"p", FileType.FIFO, 0o600, (0, 0), ALICE)


# -- permissions -----------------------------------------------------------------------------


async def test_new_objects_belong_to_caller(env: Env) -> None:
    home = await env.home()
    for fid in (
        await env.be.create(home, b"f", 0o600, ALICE),
        await env.be.mkdir(home, b"d", 0o700, ALICE),
        await env.be.symlink(home, b"l", b"f", ALICE),
    ):
        a = await env.be.getattr(fid)
        assert (a.uid, a.gid) == (1000, 1000)


async def test_setgid_directory_group_inherits(env: Env) -> None:
    home = await env.home()
    await env.be.setattr(home, SetAttrs(mode=0o2775, gid=2000), ALICE)
    f = await env.be.create(home, b"f", 0o644, ALICE)
    d = await env.be.mkdir(home, b"d", 0o755, ALICE)
    assert (await env.be.getattr(f)).gid == 2000
    a = await env.be.getattr(d)
    assert a.gid == 2000 and a.mode & stat.S_ISGID


async def test_permission_checks_non_root(env: Env) -> None:
    home = await env.home()
    with err(errno.EACCES):
        await env.be.create(env.root, b"f", 0o644, ALICE)  # root-owned 0755
    with err(errno.EACCES):
        await env.be.mkdir(env.root, b"d", 0o755, ALICE)
    secret = await env.be.create(home, b"secret", 0o600, ALICE)
    await env.put(secret, 0, b"s3cret", ALICE)
    with err(errno.EACCES):
        await env.get(secret, 0, 10, BOB)
    with err(errno.EACCES):
        await env.put(secret, 0, b"x", BOB)
    with err(errno.EACCES):
        await env.be.create(home, b"bobs", 0o644, BOB)
    with err(errno.EACCES):
        await env.be.remove(home, b"secret", BOB)
    assert await env.get(secret, 0, 10, ROOT) == (b"s3cret", True)  # root bypasses
    # owner override: a 0444 file still takes its owner's writes
    ro = await env.be.create(home, b"ro", 0o444, ALICE)
    assert await env.put(ro, 0, b"ok", ALICE) == 2
    with err(errno.EPERM):
        await env.be.setattr(secret, SetAttrs(mode=0o666), BOB)
    with err(errno.EPERM):
        await env.be.setattr(secret, SetAttrs(uid=1001), ALICE)
    with err(errno.EPERM):
        await env.be.setattr(secret, SetAttrs(gid=3000), ALICE)
    a = await env.be.setattr(secret, SetAttrs(gid=2000), ALICE)  # one of her groups
    assert a.gid == 2000
    with err(errno.EPERM):
        await env.be.setattr(secret, SetAttrs(mtime=(1, 0)), BOB)
    with err(errno.EACCES):
        await env.be.setattr(secret, SetAttrs(mtime=SERVER_TIME), BOB)
    with err(errno.EACCES):
        await env.be.setattr(secret, SetAttrs(size=0), BOB)
    # search and read permission on directories
    closed = await env.be.mkdir(home, b"closed", 0o700, ALICE)
    await env.be.create(closed, b"in", 0o644, ALICE)
    with err(errno.EACCES):
        await env.be.lookup(closed, b"in", BOB)
    with err(errno.EACCES):
        await env.be.readdir(closed, 0, 10, BOB)
    await env.be.lookup(closed, b"in", ALICE)
    # group class
    grp = await env.be.create(home, b"grp", 0o640, ALICE)
    await env.be.setattr(grp, SetAttrs(gid=1001), ROOT)
    assert (await env.get(grp, 0, 1, BOB))[1]
    with err(errno.EACCES):
        await env.put(grp, 0, b"x", BOB)


async def test_sticky_directory(env: Env) -> None:
    tmp = await env.be.mkdir(env.root, b"tmp", 0o1777, ROOT)
    await env.be.create(tmp, b"alices", 0o666, ALICE)
    with err(errno.EPERM):
        await env.be.remove(tmp, b"alices", BOB)
    with err(errno.EPERM):
        await env.be.rename(tmp, b"alices", tmp, b"mine", BOB)
    await env.be.remove(tmp, b"alices", ALICE)


async def test_access(env: Env) -> None:
    home = await env.home()
    f = await env.be.create(home, b"f", 0o640, ALICE)
    x = await env.be.create(home, b"x", 0o750, ALICE)
    assert await env.be.access(f, ALL, ALICE) == ACCESS_READ | ACCESS_MODIFY | ACCESS_EXTEND
    assert await env.be.access(f, ALL, BOB) == 0
    assert await env.be.access(x, ALL, ALICE) & ACCESS_EXECUTE
    assert await env.be.access(home, ALL, ALICE) == (
        ACCESS_READ | ACCESS_LOOKUP | ACCESS_MODIFY | ACCESS_EXTEND | ACCESS_DELETE
    )
    assert await env.be.access(home, ALL, BOB) == ACCESS_READ | ACCESS_LOOKUP
    assert await env.be.access(home, ACCESS_READ, BOB) == ACCESS_READ
    # root: everything but executing a file without any x bit
    assert await env.be.access(f, ALL, ROOT) == ACCESS_READ | ACCESS_MODIFY | ACCESS_EXTEND
    assert await env.be.access(x, ALL, ROOT) & ACCESS_EXECUTE


# -- readdir ---------------------------------------------------------------------------------


async def test_readdir_small(env: Env) -> None:
    for name in (b"b", b"a", b"c"):
        await env.be.create(env.root, name, 0o644, ROOT)
    await env.be.mkdir(env.root, b"dir", 0o755, ROOT)
    r = await env.be.readdir(env.root, 0, 100, ROOT, plus=True)
    assert sorted(e.name for e in r.entries) == [b"a", b"b", b"c", b"dir"] and r.eof
    cookies = [e.cookie for e in r.entries]  # name hashes, in cookie order
    assert cookies == sorted(set(cookies)) and min(cookies) >= FIRST_COOKIE
    for e in r.entries:
        assert await env.be.lookup(env.root, e.name, ROOT) == e.fid
        assert e.attrs is not None and e.attrs.fileid == e.fileid
    by_name = {e.name: e for e in r.entries}
    dattrs = by_name[b"dir"].attrs
    assert dattrs is not None and dattrs.type == FileType.DIR
    assert (await env.be.readdir(env.root, 0, 100, ROOT)).entries[0].attrs is None
    r2 = await env.be.readdir(env.root, r.entries[1].cookie, 1, ROOT)
    assert [e.name for e in r2.entries] == [r.entries[2].name] and not r2.eof
    r3 = await env.be.readdir(env.root, r.entries[-1].cookie, 10, ROOT)
    assert r3.entries == [] and r3.eof
    empty = await env.be.mkdir(env.root, b"empty", 0o755, ROOT)
    r4 = await env.be.readdir(empty, 0, 10, ROOT)
    assert r4.entries == [] and r4.eof and len(r4.cookieverf) == 8 and any(r4.cookieverf)


async def test_cookieverf_changes_with_directory(env: Env) -> None:
    await env.be.create(env.root, b"a", 0o644, ROOT)
    v1 = (await env.be.readdir(env.root, 0, 10, ROOT)).cookieverf
    assert (await env.be.readdir(env.root, 0, 10, ROOT)).cookieverf == v1
    assert await env.be.cookieverf(env.root) == v1
    await env.be.create(env.root, b"b", 0o644, ROOT)
    v2 = (await env.be.readdir(env.root, 0, 10, ROOT)).cookieverf
    assert v2 != v1
    await env.be.remove(env.root, b"a", ROOT)
    v3 = await env.be.cookieverf(env.root)
    assert v3 not in (v1, v2)
    r = await env.be.readdir(env.root, 0, 10, ROOT)
    assert [e.name for e in r.entries] == [b"b"] and r.cookieverf == v3


async def test_readdir_pages_through_100000_entries(env: Env) -> None:
    # cephfs: 3,000 entries in pages of 31 (100,000 creates through one MDS take minutes)
    n, page = (3_000, 31) if env.kind == "cephfs" else (100_000, 997)
    d = await env.be.mkdir(env.root, b"big", 0o755, ROOT)
    names = [b"f%06d" % i for i in range(n)]
    if env.path is not None:
        dfd = os.open(env.path / "big", os.O_RDONLY | os.O_DIRECTORY)
        for name in names:
            os.close(os.open(name, os.O_CREAT | os.O_WRONLY, 0o644, dir_fd=dfd))
        os.close(dfd)
    else:
        for name in names:
            await env.be.create(d, name, 0o644, ROOT)
    seen: list[bytes] = []
    cookies: list[int] = []
    cookie, verf, pages = 0, None, 0
    mid_cookie, mid_next = 0, b""
    while True:
        r = await env.be.readdir(d, cookie, page, ROOT)
        pages += 1
        assert verf in (None, r.cookieverf)
        verf = r.cookieverf
        seen += [e.name for e in r.entries]
        cookies += [e.cookie for e in r.entries]
        if pages == 50:
            mid_cookie, mid_next = r.entries[-1].cookie, b""
        elif pages == 51:
            mid_next = r.entries[0].name
        if r.eof:
            break
        cookie = r.entries[-1].cookie
    assert sorted(seen) == names and len(set(seen)) == n  # every entry exactly once
    assert cookies == sorted(set(cookies)) and min(cookies) >= FIRST_COOKIE
    assert pages == -(-n // page)
    # an old cookie still resumes at the same place (stable cookies)
    again = await env.be.readdir(d, mid_cookie, 3, ROOT)
    assert again.entries[0].name == mid_next and again.cookieverf == verf


def test_page_bounds() -> None:
    snap = snapshot((b"n%02d" % i, i) for i in range(25))
    c = [e[0] for e in snap]
    assert page_bounds(snap, 0, 10) == (0, 10, False)
    assert page_bounds(snap, 1, 10) == (0, 10, False)  # cookies 1, 2: "." and ".." of NFS
    assert page_bounds(snap, c[9], 10) == (10, 20, False)
    assert page_bounds(snap, c[19], 10) == (20, 25, True)
    assert page_bounds(snap, c[24], 10) == (25, 25, True)
    assert page_bounds([], 0, 0) == (0, 0, True)
    # a cookie whose entry is gone resumes at the next name after it
    gone = snap[:5] + snap[6:]
    assert page_bounds(gone, c[5], 1) == (5, 6, False) and gone[5] == snap[6]


def test_name_cookies_survive_changes_to_the_directory() -> None:
    before = snapshot((b"f%03d" % i, i) for i in range(100))
    after = snapshot([(b"f%03d" % i, i) for i in range(100) if i % 3] + [(b"new", 1000)])
    by_name = {n: ck for ck, n, _ in before}
    for ck, n, _ in after:
        assert by_name.get(n, ck) == ck  # an entry keeps its cookie whatever else changes
    assert name_cookie(b"x") >= FIRST_COOKIE


# -- file system -----------------------------------------------------------------------------


async def test_statfs_pathconf(env: Env) -> None:
    s = await env.be.statfs(env.root)
    assert s.tbytes >= s.fbytes >= s.abytes >= 0 and s.tfiles >= s.ffiles > 0
    p = await env.be.pathconf(env.root)
    assert p.name_max == 255 and p.no_trunc and p.case_preserving and not p.case_insensitive
    assert p.linkmax > 1 and p.chown_restricted
    assert len(env.be.write_verifier) == 8


# -- vfs only --------------------------------------------------------------------------------


@pytest.fixture
def export(tmp_path: Path) -> Iterator[Path]:
    p = tmp_path / "export"
    p.mkdir()
    yield p


async def test_vfs_handles_survive_restart_and_rename(export: Path) -> None:
    pool = PagePool(1 << 20)
    be = VfsBackend(export)
    root = await be.root()
    d = await be.mkdir(root, b"d", 0o755, ROOT)
    f = await be.create(d, b"f", 0o644, ROOT)
    bl = pool.try_alloc(5)
    assert bl is not None
    bl.fill(b"hello")
    await be.write(f, 0, bl, True, ROOT)
    bl.release()
    be.close()
    os.rename(export / "d", export / "moved")  # behind the server's back
    be2 = VfsBackend(export)
    assert await be2.root() == root
    assert (await be2.getattr(f)).size == 5
    out, eof = await be2.read(f, 0, 10, pool, ROOT)
    assert out.tobytes() == b"hello" and eof
    out.release()
    assert await be2.lookup(await be2.lookup(root, b"moved", ROOT), b"f", ROOT) == f
    os.unlink(export / "moved" / "f")  # deleted locally while its fd is cached
    with err(errno.ESTALE):
        await be2.getattr(f)
    be2.close()
    be3 = VfsBackend(export)
    with err(errno.ESTALE):
        await be3.getattr(f)
    be3.close()


async def test_vfs_fd_cache_is_bounded(export: Path) -> None:
    pool = PagePool(1 << 20)
    be = VfsBackend(export, max_open=4)
    root = await be.root()
    fids = [await be.create(root, b"f%d" % i, 0o644, ROOT) for i in range(10)]
    for i, f in enumerate(fids):
        bl = pool.try_alloc(1)
        assert bl is not None
        bl.fill(bytes([i]))
        await be.write(f, 0, bl, False, ROOT)
        bl.release()
    assert len(be._fds) <= 4
    for i, f in enumerate(fids):
        out, _ = await be.read(f, 0, 1, pool, ROOT)
        assert out.tobytes() == bytes([i])
        out.release()
    assert len(be._fds) <= 4
    be.close()


async def test_vfs_rejects_non_directory_export(tmp_path: Path) -> None:
    (tmp_path / "file").write_bytes(b"")
    with err(errno.ENOTDIR):
        VfsBackend(tmp_path / "file")
    with err(errno.ENOENT):
        VfsBackend(tmp_path / "missing")


async def test_vfs_write_verifier_from_constructor(export: Path) -> None:
    be = VfsBackend(export, b"12345678")
    assert be.write_verifier == b"12345678"
    be.close()
    assert MemoryBackend(b"abcdefgh").write_verifier == b"abcdefgh"
    with pytest.raises(ValueError):
        VfsBackend(export, b"short")


async def test_vfs_exclusive_verifier_survives_restart(export: Path) -> None:
    v = b"verifier"
    be = VfsBackend(export)
    f = await be.create(await be.root(), b"x", 0o644, ROOT, mode=CreateMode.EXCLUSIVE, verifier=v)
    be.close()
    be2 = VfsBackend(export)
    root = await be2.root()
    assert await be2.create(root, b"x", 0o644, ROOT, mode=CreateMode.EXCLUSIVE, verifier=v) == f
    be2.close()


async def test_vfs_mount_point_inside_export_is_refused(export: Path) -> None:
    mnt = export / "mnt"
    mnt.mkdir()
    if os.system(f"mount -t tmpfs nfsrdma-test {mnt} 2>/dev/null") != 0:
        pytest.skip("cannot mount tmpfs here")
    try:
        be = VfsBackend(export)
        root = await be.root()
        with err(errno.EXDEV):
            await be.lookup(root, b"mnt", ROOT)
        assert [e.name for e in (await be.readdir(root, 0, 10, ROOT)).entries] == []
        be.close()
    finally:
        os.system(f"umount {mnt}")


async def test_empty_payload_write(env: Env) -> None:
    f = await env.be.create(env.root, b"f", 0o644, ROOT)
    assert await env.be.write(f, 0, BvecList.empty(), True, ROOT) == 0
    assert (await env.be.getattr(f)).size == 0
