"""The NFSv4.2 storage calls (seek, allocate, deallocate, copy_range, clone_range, user
xattrs), run against MemoryBackend, VfsBackend and CephfsBackend like the rest of the
backend suite.

The vfs runs assert what the kernel really does in the test's temporary directory: holes,
punched ranges and blocks are read back with os.lseek / os.stat, xattrs with os.getxattr,
and the clone test probes FICLONE on that file system first (ext4 and tmpfs refuse it).
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path

from storage import Content, Cred, FileId, SetAttrs, XattrHow
from storage.backend import COPY_CHUNK, XATTR_SIZE_MAX
from tests.storage.test_backend import ALICE, BOB, ROOT, Env, env, err

__all__ = ["env"]  # the shared fixture, imported so pytest finds it here

KiB = 1024
MiB = 1 << 20
FICLONE = 0x40049409


async def new_file(env: Env, name: bytes, data: bytes = b"", cred: Cred = ROOT,
                   mode: int = 0o644, dir: FileId | None = None) -> FileId:
    fid = await env.be.create(env.root if dir is None else dir, name, mode, ROOT)
    if data:
        await env.put(fid, 0, data)
    if cred is not ROOT:
        await env.be.setattr(fid, SetAttrs(uid=cred.uid, gid=cred.gid), ROOT)
    return fid


async def content(env: Env, fid: FileId) -> bytes:
    size = (await env.be.getattr(fid)).size
    return (await env.get(fid, 0, size))[0] if size else b""


async def test_seek_data_and_holes(env: Env) -> None:
    fid = await new_file(env, b"sparse")
    await env.put(fid, MiB, b"d" * 4096)
    be = env.be
    if env.kind == "vfs":  # ext4 and tmpfs keep holes: the first MiB is one
        assert await be.seek(fid, 0, Content.DATA, ROOT) == MiB
        assert await be.seek(fid, 0, Content.HOLE, ROOT) == 0
    else:  # a bytearray is all data
        assert await be.seek(fid, 0, Content.DATA, ROOT) == 0
        assert await be.seek(fid, 0, Content.HOLE, ROOT) == MiB + 4096
    assert await be.seek(fid, MiB + 100, Content.DATA, ROOT) == MiB + 100
    # the end of file is a hole
    assert await be.seek(fid, MiB, Content.HOLE, ROOT) == MiB + 4096
    with err(errno.ENXIO):
        await be.seek(fid, MiB + 4096, Content.DATA, ROOT)
    with err(errno.ENXIO):
        await be.seek(fid, 5 * MiB, Content.HOLE, ROOT)
    await be.setattr(fid, SetAttrs(size=2 * MiB), ROOT)  # a trailing hole
    found = await be.seek(fid, MiB + 4096, Content.DATA, ROOT)
    assert found is None if env.kind == "vfs" else found == MiB + 4096
    # read permission, as READ
    secret = await new_file(env, b"secret", b"x" * 10, ALICE, 0o600)
    with err(errno.EACCES):
        await be.seek(secret, 0, Content.DATA, BOB)
    assert await be.seek(secret, 0, Content.DATA, ALICE) == 0
    with err(errno.EISDIR):
        await be.seek(env.root, 0, Content.DATA, ROOT)


async def test_allocate_grows_and_reserves(env: Env) -> None:
    fid = await new_file(env, b"alloc", b"abc", ALICE, 0o6755)
    await env.be.allocate(fid, 0, 256 * KiB, ALICE)
    a = await env.be.getattr(fid)
    assert a.size == 256 * KiB and a.used >= 256 * KiB
    assert await content(env, fid) == b"abc" + bytes(256 * KiB - 3)
    # a non-root caller's allocation drops setuid/setgid as its WRITE would
    assert a.mode & (stat.S_ISUID | stat.S_ISGID) == 0
    if env.path is not None:
        st = os.stat(env.path / "alloc")
        assert st.st_size == 256 * KiB and st.st_blocks * 512 >= 256 * KiB
    await env.be.allocate(fid, 0, 4096, ALICE)  # inside: the size stays
    assert (await env.be.getattr(fid)).size == 256 * KiB
    with err(errno.EINVAL):
        await env.be.allocate(fid, 0, 0, ALICE)
    with err(errno.EFBIG):
        await env.be.allocate(fid, 1 << 62, 1 << 62, ALICE)
    with err(errno.EACCES):
        await env.be.allocate(fid, 0, 4096, BOB)


async def test_deallocate_punches_zeros_and_keeps_size(env: Env) -> None:
    fid = await new_file(env, b"punch", b"x" * (64 * KiB))
    before = await env.be.getattr(fid)
    await env.be.deallocate(fid, 8 * KiB, 16 * KiB, ROOT)
    after = await env.be.getattr(fid)
    assert after.size == 64 * KiB
    data = await content(env, fid)
    assert data == b"x" * (8 * KiB) + bytes(16 * KiB) + b"x" * (40 * KiB)
    if env.kind == "vfs":
        assert after.used <= before.used - 16 * KiB  # the blocks really went
        assert await env.be.seek(fid, 8 * KiB, Content.HOLE, ROOT) == 8 * KiB
        assert await env.be.seek(fid, 8 * KiB, Content.DATA, ROOT) == 24 * KiB
    await env.be.deallocate(fid, 60 * KiB, MiB, ROOT)  # past the end: the size stays
    assert (await env.be.getattr(fid)).size == 64 * KiB
    with err(errno.EINVAL):
        await env.be.deallocate(fid, 0, 0, ROOT)
    with err(errno.EACCES):
        await env.be.deallocate(fid, 0, 4096, BOB)


async def test_copy_range(env: Env) -> None:
    data = bytes(range(256)) * 40
    src = await new_file(env, b"src", data)
    dst = await new_file(env, b"dst", b"old!" * 10)
    be = env.be
    assert await be.copy_range(src, 100, dst, 20, 1000, ROOT) == 1000
    assert await content(env, dst) == b"old!" * 5 + data[100:1100]
    # count 0: to the source's end of file
    assert await be.copy_range(src, 512, dst, 0, 0, ROOT) == len(data) - 512
    assert (await content(env, dst))[: len(data) - 512] == data[512:]
    # a source range past end of file is INVAL (RFC 7862 15.2.3); so is an overlap in one file
    with err(errno.EINVAL):
        await be.copy_range(src, len(data) + 1, dst, 0, 0, ROOT)
    with err(errno.EINVAL):
        await be.copy_range(src, len(data) - 10, dst, 0, 11, ROOT)
    with err(errno.EINVAL):
        await be.copy_range(src, 0, src, 100, 200, ROOT)
    # within one file, apart: fine
    assert await be.copy_range(src, 0, src, 5000, 100, ROOT) == 100
    assert (await content(env, src))[5000:5100] == data[:100]
    # permissions: read the source, write the destination
    private = await new_file(env, b"private", b"p" * 100, ALICE, 0o600)
    mine = await new_file(env, b"bobs", b"", BOB, 0o644)
    with err(errno.EACCES):
        await be.copy_range(private, 0, mine, 0, 10, BOB)
    with err(errno.EACCES):
        await be.copy_range(src, 0, private, 0, 10, BOB)
    await be.setattr(mine, SetAttrs(mode=0o666), BOB)
    assert await be.copy_range(private, 0, mine, 0, 10, ALICE) == 10
    with err(errno.EISDIR):
        await be.copy_range(src, 0, env.root, 0, 10, ROOT)


async def test_copy_range_is_bounded_per_call_and_kills_privs(env: Env) -> None:
    big = os.urandom(1024) * (COPY_CHUNK // 1024 + 256)  # COPY_CHUNK + 256 KiB
    src = await new_file(env, b"big", big)
    dst = await new_file(env, b"big2", b"", ALICE, 0o6755)
    assert await env.be.copy_range(src, 0, dst, 0, 0, ALICE) == COPY_CHUNK
    assert await env.be.copy_range(src, COPY_CHUNK, dst, COPY_CHUNK, 0, ALICE) == 256 * KiB
    assert await content(env, dst) == big
    assert (await env.be.getattr(dst)).mode & (stat.S_ISUID | stat.S_ISGID) == 0


def _reflinks(path: Path) -> bool:
    """Does the file system at `path` clone (FICLONE)?"""
    a, b = path / ".probe-a", path / ".probe-b"
    a.write_bytes(b"x" * 4096)
    b.write_bytes(b"")
    try:
        with open(a, "rb") as fa, open(b, "r+b") as fb:
            fcntl.ioctl(fb.fileno(), FICLONE, fa.fileno())
        return True
    except OSError as e:
        assert e.errno in (errno.EOPNOTSUPP, errno.EXDEV, errno.EINVAL), e
        return False
    finally:
        a.unlink()
        b.unlink()


async def test_clone_range_or_notsupp(env: Env) -> None:
    data = os.urandom(64 * KiB)
    src = await new_file(env, b"csrc", data)
    dst = await new_file(env, b"cdst")
    if env.kind == "cephfs" or (env.path is not None and not _reflinks(env.path)):
        with err(errno.EOPNOTSUPP):  # what the kernel says here (ext4, tmpfs): told honestly
            await env.be.clone_range(src, 0, dst, 0, 0, ROOT)
        assert (await env.be.getattr(dst)).size == 0  # CephFS shares no extents
        return
    await env.be.clone_range(src, 0, dst, 0, 0, ROOT)
    assert await content(env, dst) == data
    with err(errno.EINVAL):
        await env.be.clone_range(src, 0, src, 4096, 8192, ROOT)


async def test_user_xattrs_round_trip(env: Env) -> None:
    be = env.be
    fid = await new_file(env, b"xa", b"", ALICE, 0o644)
    assert await be.xattr_support(fid) is True
    assert await be.listxattrs(fid, ALICE) == []
    await be.setxattr(fid, b"color", b"blue", XattrHow.EITHER, ALICE)
    await be.setxattr(fid, b"b", b"", XattrHow.CREATE, ALICE)
    assert await be.getxattr(fid, b"color", BOB) == b"blue"  # read permission is enough
    assert await be.getxattr(fid, b"b", ALICE) == b""
    assert await be.listxattrs(fid, ALICE) == [b"b", b"color"]
    if env.path is not None:  # really in the user. namespace, and only there
        assert os.getxattr(env.path / "xa", b"user.color") == b"blue"
        os.setxattr(env.path / "xa", b"trusted.hidden", b"1")
        assert await be.listxattrs(fid, ALICE) == [b"b", b"color"]
        with err(errno.ENODATA):
            await be.getxattr(fid, b"trusted.hidden", ROOT)  # means user.trusted.hidden
    with err(errno.EEXIST):
        await be.setxattr(fid, b"color", b"red", XattrHow.CREATE, ALICE)
    await be.setxattr(fid, b"color", b"red", XattrHow.REPLACE, ALICE)
    assert await be.getxattr(fid, b"color", ALICE) == b"red"
    with err(errno.ENODATA):
        await be.setxattr(fid, b"nope", b"x", XattrHow.REPLACE, ALICE)
    with err(errno.ENODATA):
        await be.getxattr(fid, b"nope", ALICE)
    with err(errno.EACCES):  # write permission, no owner override for others
        await be.setxattr(fid, b"color", b"green", XattrHow.EITHER, BOB)
    with err(errno.EACCES):
        await be.removexattr(fid, b"color", BOB)
    await be.removexattr(fid, b"color", ALICE)
    with err(errno.ENODATA):
        await be.removexattr(fid, b"color", ALICE)
    assert await be.listxattrs(fid, ALICE) == [b"b"]
    # bounds: names, values
    with err(errno.E2BIG):
        await be.setxattr(fid, b"big", b"v" * (XATTR_SIZE_MAX + 1), XattrHow.EITHER, ALICE)
    with err(errno.ENAMETOOLONG):
        await be.setxattr(fid, b"n" * 251, b"v", XattrHow.EITHER, ALICE)
    with err(errno.EINVAL):
        await be.setxattr(fid, b"", b"v", XattrHow.EITHER, ALICE)
    await be.setxattr(fid, b"n" * 250, b"v", XattrHow.EITHER, ALICE)


async def test_xattrs_only_on_files_and_directories(env: Env) -> None:
    be = env.be
    await be.setxattr(env.root, b"dir", b"1", XattrHow.EITHER, ROOT)
    assert await be.getxattr(env.root, b"dir", ROOT) == b"1"
    link = await be.symlink(env.root, b"ln", b"target", ROOT)
    assert await be.listxattrs(link, ROOT) == []
    with err(errno.ENODATA):
        await be.getxattr(link, b"x", ROOT)
    with err(errno.EPERM):
        await be.setxattr(link, b"x", b"1", XattrHow.EITHER, ROOT)
    # a sticky directory's xattrs: its owner (or root) only
    sticky = await env.home(ALICE, 0o1777)
    with err(errno.EPERM):
        await be.setxattr(sticky, b"x", b"1", XattrHow.EITHER, BOB)
    await be.setxattr(sticky, b"x", b"1", XattrHow.EITHER, ALICE)
