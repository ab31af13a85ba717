"""VfsBackend: an export over a local directory, addressed by kernel file handles.

Operation: a FileId is the kernel's file handle for the object, as ``name_to_handle_at(2)``
returns it, prefixed by its 4-byte little-endian handle_type.  ``open_by_handle_at(2)``
(relative to the export root's mount) reopens any object from its FileId, across renames and
server restarts; a handle whose object was deleted fails with ESTALE.  This needs
CAP_DAC_READ_SEARCH, checked once at start-up.

Open fds are kept in an LRU keyed by FileId: files O_RDWR (O_RDONLY when the file cannot be
written), directories O_RDONLY|O_DIRECTORY, symlinks and device/fifo/socket nodes O_PATH (never
opened for I/O).  Each use fstat()s the fd, and an object with nlink 0 (removed meanwhile) is
ESTALE.  Name operations never join paths: they run relative to the directory's fd with the
final component not followed (O_NOFOLLOW, AT_SYMLINK_NOFOLLOW, or calls that never follow), and
names cannot contain "/", so a symlink planted in the export never leads outside it.

Choices:
- Mount points: an object on another mount than the export root (even a bind mount of the same
  file system) is refused with EXDEV on lookup, and left out of readdir: its handle would be
  resolved against the wrong mount.
- Permissions: the server runs as root; like knfsd's nfsd_permission the backend checks the
  caller's Cred against mode bits itself (storage._perm) before each operation, and chowns
  new objects to the caller (the group of a setgid directory is inherited).  Root's
  CAP_FSETID would keep setuid/setgid bits through a write, truncate or create: the
  backend strips them itself as a local call by the caller would (storage._perm).
- Handles are confined to the export: a directory moved out of the export root by a local
  user, or a file whose only name is now outside it, is ESTALE (stricter than knfsd's
  no_subtree_check, which lets ".." walk out of a moved directory).  Every use checks the
  kernel's path of the fd (`_escaped`); a disconnected, multiply linked file is let through.
- READ fills pool pages with preadv and WRITE drains them with pwritev: no Python copy.
- Nothing long blocks the event loop: fsync (FILE_SYNC WRITE, COMMIT), preadv/pwritev above
  ``inline_io_max`` bytes, the first listing of a directory version (see Directories), and
  every NFSv4.2 call (lseek SEEK_DATA/SEEK_HOLE, fallocate, copy_file_range, FICLONERANGE, the
  xattr calls) run on the storage thread pool (storage._offload).  Pool pages are allocated on the loop first; the
  thread gets a dup of the cached fd, because the LRU may close (and the kernel reuse) the
  cached fd number while the thread still works.  Small I/O stays inline: on a local file
  system it is a page-cache copy that costs less than the handoff to a thread and back.
- Directories: a listing is a snapshot of (cookie, name, fileid) per directory version
  (storage._dircache) plus each entry's file handle, looked up the first time a page holds
  it.  Work that touches many inodes the loop has not seen in this version -- the scan of a
  directory past one block, the handles (and, for READDIRPLUS, the lstat) of more than
  ``INLINE_LOOKUPS`` entries -- runs on the storage threads, one hop per page, never per
  entry on the loop: on a cold inode cache each lstat may wait for the disk.  A page whose
  handles are known (the same version listed before: the inodes are hot) is served on the
  loop, one lstat per entry for READDIRPLUS and nothing per entry for READDIR.  Concurrent
  listings of the same uncached page share one hop.
"""

from __future__ import annotations

import asyncio
import collections
import ctypes
import errno
import fcntl
import os
import stat
import struct
from collections.abc import Callable, Hashable
from typing import TypeVar, cast

from storage import _perm
from storage._dircache import DirCache, cookieverf_of, page_bounds, snapshot
from storage._offload import Offload, default_offload
from storage.backend import (
    COPY_CHUNK,
    XATTR_PREFIX,
    XATTR_SIZE_MAX,
    Attrs,
    Content,
    CreateMode,
    Cred,
    DirEntry,
    FileId,
    FileType,
    FsStat,
    NotSync,
    PathConf,
    ReadDir,
    SetAttrs,
    StorageBackend,
    StorageError,
    XattrHow,
    check_name,
    check_range,
    check_xattr_name,
)
from storage.bvec import BvecList
from storage.memory import _verifier_times
from storage.pool import PagePool

__all__ = ["VfsBackend"]

T = TypeVar("T")

AT_EMPTY_PATH = 0x1000
AT_SYMLINK_NOFOLLOW = 0x100
MAX_HANDLE_SZ = 128
UTIME_NOW = (1 << 30) - 1
UTIME_OMIT = (1 << 30) - 2
# preadv/pwritev take at most IOV_MAX (1024 on Linux) iovecs per call.
IOV_MAX = 1024
_NOCHANGE = 0xFFFFFFFF  # fchownat: leave uid or gid alone (-1)
# Reads and writes up to 64 KiB stay on the loop: from the page cache they take a few us,
# less than a thread handoff (two wakeups through the loop's self-pipe); past that the copy
# (and, on a cold cache or a slow disk, the wait) is worth a thread.
INLINE_IO_MAX = 64 * 1024
# A directory of one block or less (ext4: ~100 entries per 4 KiB; tmpfs counts 20 bytes per
# entry) is scanned on the loop when its snapshot is missing: one getdents, no inode touched.
# Larger ones are scanned on a storage thread, together with the first page's lookups.
SMALL_DIR_BYTES = 4096
# A page that needs at most this many entries' handles (and attributes) looked up does it on
# the loop (a thread hop costs about as much); more go to a storage thread in one batch.
INLINE_LOOKUPS = 16

_libc = ctypes.CDLL(None, use_errno=True)


class _FileHandle(ctypes.Structure):
    _fields_ = (
        ("handle_bytes", ctypes.c_uint),
        ("handle_type", ctypes.c_int),
        ("f_handle", ctypes.c_ubyte * MAX_HANDLE_SZ),
    )


class _Timespec(ctypes.Structure):
    _fields_ = (("tv_sec", ctypes.c_long), ("tv_nsec", ctypes.c_long))


_name_to_handle_at = _libc.name_to_handle_at
_name_to_handle_at.argtypes = (
    ctypes.c_int,
    ctypes.c_char_p,
    ctypes.POINTER(_FileHandle),
    ctypes.POINTER(ctypes.c_int),
    ctypes.c_int,
)
_open_by_handle_at = _libc.open_by_handle_at
_open_by_handle_at.argtypes = (ctypes.c_int, ctypes.POINTER(_FileHandle), ctypes.c_int)
_utimensat = _libc.utimensat
_utimensat.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.POINTER(_Timespec), ctypes.c_int)
_fchownat = _libc.fchownat
_fchownat.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_uint, ctypes.c_uint, ctypes.c_int)
_linkat = _libc.linkat
_linkat.argtypes = (ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_int)

_fallocate = _libc.fallocate
_fallocate.argtypes = (ctypes.c_int, ctypes.c_int, ctypes.c_int64, ctypes.c_int64)
FALLOC_FL_KEEP_SIZE = 0x01
FALLOC_FL_PUNCH_HOLE = 0x02
# ioctl FICLONERANGE = _IOW(0x94, 13, struct file_clone_range {s64 src_fd; u64 src_offset,
# src_length, dest_offset}) (include/uapi/linux/fs.h).
FICLONERANGE = 0x4020940D
_CLONE_RANGE = struct.Struct("=qQQQ")
_WHENCE = {Content.DATA: os.SEEK_DATA, Content.HOLE: os.SEEK_HOLE}
_XATTR_FLAGS = {XattrHow.EITHER: 0, XattrHow.CREATE: os.XATTR_CREATE,
                XattrHow.REPLACE: os.XATTR_REPLACE}

_HTYPE = struct.Struct("<i")

_FTYPE = {
    stat.S_IFREG: FileType.REG,
    stat.S_IFDIR: FileType.DIR,
    stat.S_IFBLK: FileType.BLK,
    stat.S_IFCHR: FileType.CHR,
    stat.S_IFLNK: FileType.LNK,
    stat.S_IFSOCK: FileType.SOCK,
    stat.S_IFIFO: FileType.FIFO,
}
_IFMT = {v: k for k, v in _FTYPE.items()}


def _check(rc: int, what: str) -> int:
    if rc < 0:
        e = ctypes.get_errno()
        raise StorageError(e, f"{what}: {os.strerror(e)}")
    return rc


class _OsErrors:
    """``with _oserror():`` re-raises OSError from a syscall as StorageError with the same
    errno.  A class, not a generator context manager: two calls per use instead of six (it
    wraps every syscall of a READ and a WRITE)."""

    __slots__ = ()

    def __enter__(self) -> None:
        return None

    def __exit__(self, tp: type[BaseException] | None, e: BaseException | None,
                 tb: object) -> None:
        if isinstance(e, OSError) and not isinstance(e, StorageError):
            raise StorageError(e.errno or errno.EIO, e.strerror or "") from None


_oserror = _OsErrors


def _name_to_handle(dirfd: int, name: bytes, flags: int) -> tuple[FileId, int]:
    """(FileId, mount_id) of ``name`` in ``dirfd`` (final symlink not followed)."""
    fh = _FileHandle()
    fh.handle_bytes = MAX_HANDLE_SZ
    mount_id = ctypes.c_int()
    _check(
        _name_to_handle_at(dirfd, name, ctypes.byref(fh), ctypes.byref(mount_id), flags),
        "name_to_handle_at",
    )
    return _HTYPE.pack(fh.handle_type) + bytes(fh.f_handle[: fh.handle_bytes]), mount_id.value


def _attrs(st: os.stat_result) -> Attrs:
    return Attrs(
        type=_FTYPE[stat.S_IFMT(st.st_mode)],
        mode=stat.S_IMODE(st.st_mode),
        nlink=st.st_nlink,
        uid=st.st_uid,
        gid=st.st_gid,
        size=st.st_size,
        used=st.st_blocks * 512,
        rdev=(os.major(st.st_rdev), os.minor(st.st_rdev)),
        fsid=st.st_dev,
        fileid=st.st_ino,
        atime=divmod(st.st_atime_ns, 1_000_000_000),
        mtime=divmod(st.st_mtime_ns, 1_000_000_000),
        ctime=divmod(st.st_ctime_ns, 1_000_000_000),
    )


def _pread_all(fd: int, views: list[memoryview], offset: int) -> int:
    """preadv until the views are full or EOF; returns the bytes read."""
    got = 0
    while views:
        n = os.preadv(fd, views[:IOV_MAX], offset + got)
        if n == 0:
            break
        got += n
        views = _advance(views, n)
    return got


def _pwrite_all(fd: int, views: list[memoryview], offset: int) -> int:
    """pwritev until every view is written; returns the bytes written."""
    done = 0
    while views:
        n = os.pwritev(fd, views[:IOV_MAX], offset + done)
        done += n
        views = _advance(views, n)
    return done


def _pread_stat(fd: int, views: list[memoryview], offset: int) -> tuple[int, os.stat_result]:
    """`_pread_all` on a dup it closes, then fstat: the size that decides eof is the one the
    read saw (the file may have changed while the call waited for a thread)."""
    try:
        got = _pread_all(fd, views, offset)
        return got, os.fstat(fd)
    finally:
        os.close(fd)


class _Snap(list[tuple[int, bytes, int]]):
    """A directory version's (cookie, name, fileid) entries sorted by cookie (a list, so
    storage._dircache pages it), with ``fids[i]``: entry i's FileId once looked up, None
    before, ``_SKIP`` for a mount point (not served: see the module docstring)."""

    __slots__ = ("fids",)

    def __init__(self, entries: list[tuple[int, bytes, int]]) -> None:
        super().__init__(entries)
        self.fids: list[FileId | None] = [None] * len(entries)


_SKIP = b""  # _Snap.fids: a mount point, left out of listings
# One entry looked up: (FileId, mount id, lstat or None), or None when the name is gone.
_Found = tuple[FileId, int, os.stat_result | None] | None


def _scan_fd(fd: int) -> _Snap:
    """The snapshot of the directory open as ``fd`` (scandir works on its own dup)."""
    with os.scandir(fd) as it:
        return _Snap(snapshot((os.fsencode(e.name), e.inode()) for e in it))


def _lookup(dirfd: int, names: list[bytes], plus: bool) -> list[_Found]:
    """Each name's handle and mount id (and its lstat with ``plus``); None for a name
    removed since the snapshot.  Any other failure raises."""
    out: list[_Found] = []
    for name in names:
        try:
            fid, mount_id = _name_to_handle(dirfd, name, 0)
            st = os.stat(name, dir_fd=dirfd, follow_symlinks=False) if plus else None
        except FileNotFoundError:
            out.append(None)
            continue
        except StorageError as e:
            if e.errno != errno.ENOENT:
                raise
            out.append(None)
            continue
        out.append((fid, mount_id, st))
    return out


def _scan_lookup(fd: int, cookie: int, count: int,
                 plus: bool) -> tuple[_Snap, int, int, bool, list[_Found]]:
    """On a storage thread: the snapshot of the directory open as ``fd``, the page after
    ``cookie`` and its entries looked up: (snap, start, end, eof, found)."""
    snap = _scan_fd(fd)
    start, end, eof = page_bounds(snap, cookie, count)
    return snap, start, end, eof, _lookup(fd, [snap[i][1] for i in range(start, end)], plus)


# The NFSv4.2 syscalls, run on the storage threads; each closes the dups it is given.

def _seek_dup(fd: int, offset: int, whence: int) -> int | None:
    """lseek; None for ENXIO (no data past `offset`)."""
    try:
        return os.lseek(fd, offset, whence)
    except OSError as e:
        if e.errno == errno.ENXIO:
            return None
        raise
    finally:
        os.close(fd)


def _fallocate_dup(fd: int, mode: int, offset: int, length: int) -> None:
    try:
        _check(_fallocate(fd, mode, offset, length), "fallocate")
    finally:
        os.close(fd)


def _copy_dup(src_fd: int, dst_fd: int, src_offset: int, dst_offset: int, count: int) -> int:
    """copy_file_range until `count` bytes are copied or the source ends."""
    try:
        done = 0
        while done < count:
            n = os.copy_file_range(src_fd, dst_fd, count - done, src_offset + done,
                                   dst_offset + done)
            if n == 0:
                break
            done += n
        return done
    finally:
        os.close(src_fd)
        os.close(dst_fd)


def _clone_dup(src_fd: int, dst_fd: int, src_offset: int, dst_offset: int, count: int) -> None:
    try:
        fcntl.ioctl(dst_fd, FICLONERANGE, _CLONE_RANGE.pack(src_fd, src_offset, count,
                                                              dst_offset))
    finally:
        os.close(src_fd)
        os.close(dst_fd)


def _xattr_dup(fd: int, fn: Callable[..., T], *args: object) -> T:
    """`fn(fd, *args)` (an os.*xattr call on the fd)."""
    try:
        return fn(fd, *args)
    finally:
        os.close(fd)


def _advance(views: list[memoryview], n: int) -> list[memoryview]:
    """The iovec list after the first n bytes were transferred."""
    i = 0
    while i < len(views) and n >= len(views[i]):
        n -= len(views[i])
        i += 1
    rest = views[i:]
    if rest and n:
        rest[0] = rest[0][n:]
    return rest


class _Open:
    """A cached fd for one FileId; ``writable`` only for regular files opened O_RDWR."""

    __slots__ = ("fd", "inside_ctime", "type", "writable")

    def __init__(self, fd: int, ftype: FileType, writable: bool) -> None:
        self.fd = fd
        self.type = ftype
        self.writable = writable
        # st_ctime_ns at which a non-directory was last seen inside the export (-1: never).
        self.inside_ctime = -1


class VfsBackend(StorageBackend):
    """Export of a local directory tree (must run with CAP_DAC_READ_SEARCH, i.e. root)."""

    def __init__(
        self,
        path: str | bytes | os.PathLike[str],
        write_verifier: bytes | None = None,
        *,
        max_open: int = 1024,
        offload: Offload | None = None,
        inline_io_max: int = INLINE_IO_MAX,
    ) -> None:
        """Open the export root and prove handles work on it.

        ``offload`` is the thread pool for blocking calls (default: the process-wide one);
        ``inline_io_max`` says what I/O is long enough to go there.

        Raises:
            StorageError(EPERM): open_by_handle_at refused (not root / no CAP_DAC_READ_SEARCH).
            StorageError(EOPNOTSUPP): the file system does not support file handles.
            StorageError(ENOTDIR/ENOENT): ``path`` is not a directory.
        """
        self.write_verifier = write_verifier if write_verifier is not None else os.urandom(8)
        if len(self.write_verifier) != 8:
            raise ValueError("write verifier must be 8 bytes")
        if max_open < 4:
            raise ValueError("max_open must be at least 4 (rename holds several fds)")
        self.max_open = max_open
        self.offload = offload if offload is not None else default_offload()
        self.inline_io_max = inline_io_max
        self._fds: collections.OrderedDict[FileId, _Open] = collections.OrderedDict()
        self._snaps: DirCache[tuple[int, bytes, int]] = DirCache()  # of _Snap
        # Listings of an uncached page under way, by (dir, version, cookie): the same page
        # asked again meanwhile waits for that one instead of repeating its storage work.
        self._listing: dict[tuple[FileId, Hashable, int], asyncio.Future[None]] = {}
        with _oserror():
            self._root_fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            st = os.fstat(self._root_fd)
            self._root_key = (st.st_dev, st.st_ino)
            self._root_path = os.readlink(b"/proc/self/fd/%d" % self._root_fd)
            try:
                self._root_fid, self._mount_id = _name_to_handle(self._root_fd, b"", AT_EMPTY_PATH)
            except StorageError as e:
                raise StorageError(
                    e.errno or errno.EIO,
                    f"export {os.fsdecode(path)!r}: file system has no file handles",
                ) from None
            try:
                fd = self._open_handle(self._root_fid, os.O_PATH)
            except StorageError as e:
                raise StorageError(
                    e.errno or errno.EIO,
                    f"export {os.fsdecode(path)!r}: open_by_handle_at failed ({e.strerror}); "
                    "the vfs backend needs CAP_DAC_READ_SEARCH (run as root)",
                ) from None
            st2 = os.fstat(fd)
            os.close(fd)
            if (st2.st_dev, st2.st_ino) != self._root_key:
                raise StorageError(errno.EIO, "open_by_handle_at returned another object")
            self._xattrs = _keeps_user_xattrs(self._root_fd)
        except BaseException:
            os.close(self._root_fd)
            raise

    def close(self) -> None:
        """Close every cached fd and the root fd."""
        for o in self._fds.values():
            os.close(o.fd)
        self._fds.clear()
        if self._root_fd >= 0:
            os.close(self._root_fd)
            self._root_fd = -1

    # -- fd cache --------------------------------------------------------------------------

    def _open_handle(self, fid: FileId, flags: int) -> int:
        if len(fid) <= _HTYPE.size or len(fid) > _HTYPE.size + MAX_HANDLE_SZ:
            raise StorageError(errno.ESTALE, "malformed FileId")
        fh = _FileHandle()
        fh.handle_type = _HTYPE.unpack_from(fid)[0]
        data = fid[_HTYPE.size :]
        fh.handle_bytes = len(data)
        ctypes.memmove(fh.f_handle, data, len(data))
        rc = _open_by_handle_at(self._root_fd, ctypes.byref(fh), flags | os.O_CLOEXEC)
        if rc < 0:
            e = ctypes.get_errno()
            if e in (errno.ENOENT, errno.EINVAL, errno.ESTALE):
                e = errno.ESTALE
            raise StorageError(e, f"open_by_handle_at: {os.strerror(e)}")
        return rc

    def _get(self, fid: FileId) -> _Open:
        o = self._fds.get(fid)
        if o is not None:
            self._fds.move_to_end(fid)
            return o
        fd = self._open_handle(fid, os.O_PATH)
        try:
            ftype = _FTYPE[stat.S_IFMT(os.fstat(fd).st_mode)]
            if ftype == FileType.DIR:
                fd2 = self._open_handle(fid, os.O_RDONLY | os.O_DIRECTORY)
                os.close(fd)
                fd, writable = fd2, False
            elif ftype == FileType.REG:
                try:
                    fd2, writable = self._open_handle(fid, os.O_RDWR), True
                except StorageError as e:
                    if e.errno == errno.ESTALE:
                        raise
                    fd2, writable = self._open_handle(fid, os.O_RDONLY), False
                os.close(fd)
                fd = fd2
            else:
                writable = False
        except BaseException:
            os.close(fd)
            raise
        return self._cache(fid, _Open(fd, ftype, writable))

    def _cache(self, fid: FileId, o: _Open) -> _Open:
        old = self._fds.pop(fid, None)
        if old is not None:
            os.close(old.fd)
        self._fds[fid] = o
        while len(self._fds) > self.max_open:
            os.close(self._fds.popitem(last=False)[1].fd)
        return o

    def _evict(self, fid: FileId) -> None:
        o = self._fds.pop(fid, None)
        if o is not None:
            os.close(o.fd)
        self._snaps.forget(fid)

    def _stat(self, fid: FileId) -> tuple[_Open, os.stat_result]:
        for attempt in range(2):
            o = self._get(fid)
            with _oserror():
                st = os.fstat(o.fd)
            if st.st_nlink == 0:  # removed since we opened it
                self._evict(fid)
                raise StorageError(errno.ESTALE)
            where = self._escaped(o, st)
            if where is _INSIDE:
                return o, st
            self._evict(fid)
            if where is _OUTSIDE or attempt:
                raise StorageError(errno.ESTALE, "object is no longer under the export root")
            # _UNLINKED: our fd holds a name removed since; reopen to judge a live one
        raise AssertionError("unreachable")

    def _escaped(self, o: _Open, st: os.stat_result) -> object:
        """_OUTSIDE when the object is provably outside the export root (moved out by a
        local user, or reached through a planted hard link whose inside name is gone),
        _UNLINKED when the fd's own name was removed (a live one must be judged), else
        _INSIDE.

        The kernel's own path of the fd (d_path, through /proc) says where it is now.  A
        directory is always connected (open_by_handle_at reconnects directories), so its
        path is the truth.  A non-directory may be a disconnected dentry (opened by handle,
        not in the dcache), whose path names nothing: it is refused only when that path
        really is this object; one with several links is kept (another name may be inside).
        """
        if (st.st_dev, st.st_ino) == self._root_key:
            return _INSIDE
        if o.type != FileType.DIR:
            if st.st_nlink != 1:
                return _INSIDE
            # Its own rename or unlink (a moved-out file, a planted link whose inside name is
            # removed) changes its ctime: unchanged since it was last seen inside, it is judged
            # inside without the readlink, which kept three /proc walks on every 4 KiB WRITE.
            # A file whose parent directory is moved out stays served until its ctime changes,
            # as knfsd's no_subtree_check serves it; directories are checked every time, as
            # knfsd checks them at every handle decode.
            if o.inside_ctime == st.st_ctime_ns:
                return _INSIDE
        where = self._where(o, st)
        if where is _INSIDE and o.type != FileType.DIR:
            o.inside_ctime = st.st_ctime_ns
        return where

    def _still_inside(self, o: _Open) -> Attrs | None:
        """After our own write to a file just judged inside: the ctime it moved to is ours,
        not a rename's, so the post-op GETATTR need not walk /proc again (one readlink fewer
        per 4 KiB WRITE).  Nothing awaits between the check and here, so no other call of
        ours ran in between; a local rename in these microseconds is served once more, as
        knfsd's no_subtree_check serves it always.  Returns the file's attributes now (the
        WRITE's post-op ones), None when the fstat failed."""
        try:
            st = os.fstat(o.fd)
        except OSError:
            if o.type != FileType.DIR:
                o.inside_ctime = -1
            return None
        if o.type != FileType.DIR and o.inside_ctime != -1:
            o.inside_ctime = st.st_ctime_ns
        return _attrs(st) if st.st_nlink else None

    def _where(self, o: _Open, st: os.stat_result) -> object:
        """`_escaped` without the ctime shortcut: where the fd's own path says it is."""
        try:
            where = os.readlink(b"/proc/self/fd/%d" % o.fd)
        except OSError:
            return _OUTSIDE if o.type == FileType.DIR else _INSIDE
        if where.endswith(b" (deleted)") and o.type != FileType.DIR:
            return _UNLINKED
        if _under(where, self._root_path):
            return _INSIDE
        with _oserror():  # the export root itself may have been renamed since
            self._root_path = os.readlink(b"/proc/self/fd/%d" % self._root_fd)
        if _under(where, self._root_path):
            return _INSIDE
        if o.type == FileType.DIR:
            return _OUTSIDE
        try:
            there = os.stat(where, follow_symlinks=False)
        except OSError:
            return _INSIDE  # disconnected: no path to judge by (knfsd's no_subtree_check)
        same = (there.st_dev, there.st_ino) == (st.st_dev, st.st_ino)
        return _OUTSIDE if same else _INSIDE

    def _dir(self, fid: FileId, cred: Cred, want: int) -> tuple[int, Attrs]:
        o, st = self._stat(fid)
        a = _attrs(st)
        _perm.require_dir(a)
        _perm.require(a, cred, want)
        return o.fd, a

    def _handle(self, dirfd: int, name: bytes) -> FileId:
        with _oserror():
            fid, mount_id = _name_to_handle(dirfd, name, 0)
        if mount_id != self._mount_id:
            raise StorageError(errno.EXDEV, f"{name!r} is on another mount")
        return fid

    @staticmethod
    def _lstat(dirfd: int, name: bytes) -> Attrs:
        with _oserror():
            return _attrs(os.stat(name, dir_fd=dirfd, follow_symlinks=False))

    # -- objects and attributes ------------------------------------------------------------

    async def root(self, export_path: str | bytes | None = None) -> FileId:
        fid = self._root_fid
        if isinstance(export_path, str):
            export_path = export_path.encode()
        for part in (export_path or b"").split(b"/"):
            if part:
                fid = await self.lookup(fid, part, Cred(0, 0))
        self._dir(fid, Cred(0, 0), 0)
        return fid

    async def getattr(self, fid: FileId, cred: Cred | None = None) -> Attrs:
        return _attrs(self._stat(fid)[1])

    async def setattr(
        self,
        fid: FileId,
        attrs: SetAttrs,
        cred: Cred,
        guard_ctime: tuple[int, int] | None = None,
    ) -> Attrs:
        o, st = self._stat(fid)
        a = _attrs(st)
        if guard_ctime is not None and tuple(guard_ctime) != a.ctime:
            raise NotSync()
        _perm.check_setattr(a, attrs, cred)
        fd = o.fd
        with _oserror():
            if attrs.size is not None:
                if not o.writable:
                    raise StorageError(errno.EROFS)
                os.ftruncate(fd, attrs.size)
                kept = _perm.killed_privs(a, cred) if attrs.mode is None else None
                if kept is not None:  # root's ftruncate keeps them: do_truncate would not
                    os.fchmod(fd, kept)
            if attrs.uid is not None or attrs.gid is not None:
                uid = _NOCHANGE if attrs.uid is None else attrs.uid
                gid = _NOCHANGE if attrs.gid is None else attrs.gid
                _check(_fchownat(fd, b"", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), "chown")
            if attrs.mode is not None and a.type != FileType.LNK:  # knfsd ignores it for links
                mode = _perm.new_mode(a, attrs.mode, cred)
                if o.type in (FileType.REG, FileType.DIR):
                    os.fchmod(fd, mode)
                else:  # O_PATH fd: chmod through its /proc magic link (not a symlink here)
                    os.chmod(f"/proc/self/fd/{fd}", mode)
            if attrs.atime is not None or attrs.mtime is not None:
                ts = (_Timespec * 2)(_timespec(attrs.atime), _timespec(attrs.mtime))
                _check(_utimensat(fd, b"", ts, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), "utimensat")
            return _attrs(os.fstat(fd))

    async def lookup(self, dir: FileId, name: bytes, cred: Cred) -> FileId:
        dfd, a = self._dir(dir, cred, _perm.MAY_EXEC)
        if name == b".":
            return dir
        if name == b"..":
            if (a.fsid, a.fileid) == self._root_key:
                return self._root_fid  # ".." never leaves the export
            return self._handle(dfd, b"..")
        check_name(name)
        return self._handle(dfd, name)

    async def lookup_attrs(self, dir: FileId, name: bytes, cred: Cred) -> tuple[FileId, Attrs]:
        fid = await self.lookup(dir, name, cred)
        if name in (b".", b".."):
            return fid, await self.getattr(fid)
        return fid, self._lstat(self._get(dir).fd, name)

    async def access(self, fid: FileId, mask: int, cred: Cred) -> int:
        return _perm.access_mask(_attrs(self._stat(fid)[1]), cred, mask)

    async def readlink(self, fid: FileId, cred: Cred) -> bytes:
        o, _ = self._stat(fid)
        if o.type != FileType.LNK:
            raise StorageError(errno.EINVAL)
        with _oserror():
            return os.readlink(b"", dir_fd=o.fd)

    # -- data ------------------------------------------------------------------------------

    def _file(self, fid: FileId) -> tuple[_Open, os.stat_result]:
        o, st = self._stat(fid)
        if o.type == FileType.DIR:
            raise StorageError(errno.EISDIR)
        if o.type != FileType.REG:
            raise StorageError(errno.EINVAL)
        return o, st

    async def read(
        self, fid: FileId, offset: int, count: int, pool: PagePool, cred: Cred
    ) -> tuple[BvecList, bool]:
        bl, eof, _ = await self.read_with_attrs(fid, offset, count, pool, cred)
        return bl, eof

    async def read_with_attrs(
        self, fid: FileId, offset: int, count: int, pool: PagePool, cred: Cred
    ) -> tuple[BvecList, bool, Attrs]:
        """One fstat per READ when the pool has pages at once: nothing else runs between it
        and the preadv (no await), so its size decides eof and its attributes are current."""
        o, st = self._file(fid)
        _perm.require_read(_attrs(st), cred)
        want = max(0, min(count, st.st_size - offset))
        bl = pool.try_alloc(want)
        if bl is None:
            bl = await pool.alloc(want)
            o, st = self._file(fid)  # we waited: the fd may be evicted, the size changed
        try:
            with _oserror():
                if want <= self.inline_io_max:
                    got = _pread_all(o.fd, bl.views(), offset)
                else:
                    got, st = await self.offload.run(_pread_stat, os.dup(o.fd), bl.views(),
                                                     offset)
            bl.truncate(got)
        except BaseException:
            bl.release()
            raise
        return bl, offset + got >= st.st_size, _attrs(st)

    async def write(
        self, fid: FileId, offset: int, data: BvecList, stable: bool, cred: Cred
    ) -> int:
        return (await self._write(fid, offset, data, stable, cred, False))[0]

    async def write_with_attrs(
        self, fid: FileId, offset: int, data: BvecList, stable: bool, cred: Cred
    ) -> tuple[int, Attrs | None, Attrs | None]:
        return await self._write(fid, offset, data, stable, cred, True)

    async def _write(
        self, fid: FileId, offset: int, data: BvecList, stable: bool, cred: Cred,
        want_attrs: bool,
    ) -> tuple[int, Attrs | None, Attrs | None]:
        """Two fstats per small WRITE: the one that checks the file (its attributes are the
        pre-op ones: nothing runs between it and the pwritev) and one after it, which is both
        the post-op attributes and the ctime our own write moved the file to (`_still_inside`)."""
        o, st = self._file(fid)
        before = _attrs(st)
        _perm.require_write(before, cred)
        o = self._writable(fid, o)
        after: Attrs | None = None
        with _oserror():
            kept = _perm.killed_privs(before, cred) if data.nbytes else None
            if kept is not None:  # root's pwritev keeps them: file_remove_privs would not
                os.fchmod(o.fd, kept)
            if data.nbytes <= self.inline_io_max:
                done = _pwrite_all(o.fd, data.views(), offset)
                after = self._still_inside(o)
                if stable:
                    await self.offload.run(self._sync_dup, os.dup(o.fd))
            else:
                done = await self.offload.run(self._pwrite_dup, os.dup(o.fd), data.views(),
                                              offset, stable)
        if after is None and want_attrs:
            try:
                after = _attrs(self._stat(fid)[1])
            except OSError:
                after = None
        return done, before, after

    def _writable(self, fid: FileId, o: _Open) -> _Open:
        """`o`, or the file reopened O_RDWR when it was cached read-only (that open's error
        is the real one: EROFS, ETXTBSY...)."""
        if o.writable:
            return o
        self._evict(fid)
        with _oserror():
            return self._cache(fid, _Open(self._open_handle(fid, os.O_RDWR), o.type, True))

    async def commit(self, fid: FileId, cred: Cred, offset: int = 0, count: int = 0) -> None:
        o, _ = self._file(fid)
        with _oserror():
            await self.offload.run(self._sync_dup, os.dup(o.fd))

    # Run on the storage threads; each owns (and closes) the dup of the fd it is given.

    def _sync(self, fd: int) -> None:
        """Make the file stable (FILE_SYNC needs metadata too; DATA_SYNC is a subset)."""
        os.fsync(fd)

    def _sync_dup(self, fd: int) -> None:
        try:
            self._sync(fd)
        finally:
            os.close(fd)

    def _pwrite_dup(self, fd: int, views: list[memoryview], offset: int, stable: bool) -> int:
        try:
            done = _pwrite_all(fd, views, offset)
            if stable:
                self._sync(fd)
            return done
        finally:
            os.close(fd)

    # -- NFSv4.2: sparse files, space, copies ------------------------------------------------

    async def seek(self, fid: FileId, offset: int, what: Content, cred: Cred) -> int | None:
        o, st = self._file(fid)
        _perm.require_read(_attrs(st), cred)
        if offset >= st.st_size:
            raise StorageError(errno.ENXIO)
        with _oserror():
            return await self.offload.run(_seek_dup, os.dup(o.fd), offset, _WHENCE[what])

    async def _fallocate(self, fid: FileId, mode: int, offset: int, length: int,
                         cred: Cred) -> None:
        o, st = self._file(fid)
        a = _attrs(st)
        _perm.require_write(a, cred)
        check_range(offset, length)
        o = self._writable(fid, o)
        with _oserror():
            await self.offload.run(_fallocate_dup, os.dup(o.fd), mode, offset, length)
            self._kill_privs(fid, a, cred)

    def _kill_privs(self, fid: FileId, before: Attrs, cred: Cred) -> None:
        """After a change of the data by `cred`: strip S_ISUID/S_ISGID as its own call would
        (root's CAP_FSETID kept them).  (No `_still_inside`: the change ran on a thread, and
        a local rename may have come meanwhile.)"""
        kept = _perm.killed_privs(before, cred)
        if kept is not None:
            os.fchmod(self._get(fid).fd, kept)

    async def allocate(self, fid: FileId, offset: int, length: int, cred: Cred) -> None:
        await self._fallocate(fid, 0, offset, length, cred)

    async def deallocate(self, fid: FileId, offset: int, length: int, cred: Cred) -> None:
        await self._fallocate(fid, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, offset, length,
                              cred)

    def _copy_args(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                   count: int, cred: Cred) -> tuple[int, int, int, Attrs]:
        """(source fd dup, destination fd dup, count resolved (0: to the source's EOF),
        the destination's attributes), both files checked: read the one, write the other."""
        so, sst = self._file(src)
        _perm.require_read(_attrs(sst), cred)
        do, dst_st = self._file(dst)
        da = _attrs(dst_st)
        _perm.require_write(da, cred)
        size = sst.st_size
        if src_offset < 0 or dst_offset < 0 or count < 0 or src_offset > size:
            raise StorageError(errno.EINVAL, "source offset past end of file")
        count = count or size - src_offset
        if src_offset + count > size:
            raise StorageError(errno.EINVAL, "source range past end of file")
        same = (sst.st_dev, sst.st_ino) == (dst_st.st_dev, dst_st.st_ino)
        if same and src_offset < dst_offset + count and dst_offset < src_offset + count:
            raise StorageError(errno.EINVAL, "overlapping ranges of one file")
        if count and dst_offset + count > (1 << 63) - 1:
            raise StorageError(errno.EFBIG)
        do = self._writable(dst, do)
        so = self._get(src)  # reopening dst may have evicted src's fd
        return os.dup(so.fd), os.dup(do.fd), count, da

    async def copy_range(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                         count: int, cred: Cred) -> int:
        with _oserror():
            sfd, dfd, count, da = self._copy_args(src, src_offset, dst, dst_offset, count, cred)
            count = min(count, COPY_CHUNK)
            if count == 0:
                os.close(sfd)
                os.close(dfd)
                return 0
            done = await self.offload.run(_copy_dup, sfd, dfd, src_offset, dst_offset, count)
            self._kill_privs(dst, da, cred)
        return done

    async def clone_range(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                          count: int, cred: Cred) -> None:
        with _oserror():
            sfd, dfd, count, da = self._copy_args(src, src_offset, dst, dst_offset, count, cred)
            if count == 0:
                os.close(sfd)
                os.close(dfd)
                return
            await self.offload.run(_clone_dup, sfd, dfd, src_offset, dst_offset, count)
            self._kill_privs(dst, da, cred)

    # -- extended attributes (user.) -------------------------------------------------------

    async def xattr_support(self, fid: FileId) -> bool:
        self._stat(fid)
        return self._xattrs

    def _xattr_fd(self, fid: FileId, cred: Cred, *, write: bool) -> int:
        """A dup of the object's fd once `cred` may read (write) its user xattrs."""
        o, st = self._stat(fid)
        _perm.require_xattr(_attrs(st), cred, write=write)
        if not self._xattrs:
            raise StorageError(errno.EOPNOTSUPP)
        return os.dup(o.fd)

    async def getxattr(self, fid: FileId, name: bytes, cred: Cred) -> bytes:
        full = check_xattr_name(name)
        with _oserror():
            fd = self._xattr_fd(fid, cred, write=False)
            return await self.offload.run(_xattr_dup, fd, os.getxattr, full)

    async def setxattr(self, fid: FileId, name: bytes, value: bytes, how: XattrHow,
                       cred: Cred) -> None:
        full = check_xattr_name(name)
        if len(value) > XATTR_SIZE_MAX:
            raise StorageError(errno.E2BIG)
        with _oserror():
            fd = self._xattr_fd(fid, cred, write=True)
            await self.offload.run(_xattr_dup, fd, os.setxattr, full, bytes(value),
                                   _XATTR_FLAGS[how])

    async def listxattrs(self, fid: FileId, cred: Cred) -> list[bytes]:
        o, _ = self._stat(fid)
        if o.type not in (FileType.REG, FileType.DIR) or not self._xattrs:
            return []
        with _oserror():
            fd = self._xattr_fd(fid, cred, write=False)
            names = await self.offload.run(_xattr_dup, fd, os.listxattr)
        plen = len(XATTR_PREFIX)
        return sorted(n[plen:] for n in map(os.fsencode, names) if n.startswith(XATTR_PREFIX))

    async def removexattr(self, fid: FileId, name: bytes, cred: Cred) -> None:
        full = check_xattr_name(name)
        with _oserror():
            fd = self._xattr_fd(fid, cred, write=True)
            await self.offload.run(_xattr_dup, fd, os.removexattr, full)

    # -- namespace -------------------------------------------------------------------------

    def _own(self, fd: int, ftype: FileType, perm: int, parent: Attrs, cred: Cred) -> None:
        """Give a new object (open as ``fd``) to ``cred`` and its requested mode."""
        gid, mode = _perm.create_owner(parent, ftype, perm, cred)
        _check(_fchownat(fd, b"", cred.uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW), "chown")
        if ftype in (FileType.REG, FileType.DIR):
            os.fchmod(fd, mode)
        elif ftype != FileType.LNK:
            os.chmod(f"/proc/self/fd/{fd}", mode)

    async def create(
        self,
        dir: FileId,
        name: bytes,
        perm: int,
        cred: Cred,
        *,
        mode: CreateMode = CreateMode.UNCHECKED,
        verifier: bytes | None = None,
    ) -> FileId:
        dfd, da = self._dir(dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(name)
        verf = _verifier_times(mode, verifier)
        flags = os.O_CREAT | os.O_EXCL | os.O_RDWR | os.O_NOFOLLOW | os.O_CLOEXEC
        try:
            fd = os.open(name, flags, 0o600, dir_fd=dfd)
        except FileExistsError:
            ex = self._lstat(dfd, name)
            if ex.type == FileType.REG and (
                mode == CreateMode.UNCHECKED
                or (verf is not None and (ex.mtime[0], ex.atime[0]) == verf)
            ):
                return self._handle(dfd, name)
            if mode == CreateMode.UNCHECKED and ex.type == FileType.DIR:
                raise StorageError(errno.EISDIR) from None
            raise StorageError(errno.EEXIST) from None
        except OSError as e:
            raise StorageError(e.errno or errno.EIO, e.strerror or "") from None
        try:
            with _oserror():
                self._own(fd, FileType.REG, perm, da, cred)
                if verf is not None:
                    os.utime(fd, ns=(verf[1] * 1_000_000_000, verf[0] * 1_000_000_000))
                fid = _name_to_handle(fd, b"", AT_EMPTY_PATH)[0]
        except BaseException:
            os.close(fd)
            raise
        self._cache(fid, _Open(fd, FileType.REG, True))
        return fid

    async def mkdir(self, dir: FileId, name: bytes, perm: int, cred: Cred) -> FileId:
        dfd, da = self._dir(dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(name)
        with _oserror():
            os.mkdir(name, 0o700, dir_fd=dfd)
            fd = os.open(
                name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dfd
            )
        try:
            with _oserror():
                self._own(fd, FileType.DIR, perm, da, cred)
                fid = _name_to_handle(fd, b"", AT_EMPTY_PATH)[0]
        except BaseException:
            os.close(fd)
            raise
        self._cache(fid, _Open(fd, FileType.DIR, False))
        return fid

    def _new_node(
        self, dfd: int, name: bytes, ftype: FileType, perm: int, da: Attrs, cred: Cred
    ) -> FileId:
        """Own, chmod and cache a just-made symlink or special node (held O_PATH)."""
        with _oserror():
            fd = os.open(name, os.O_PATH | os.O_NOFOLLOW | os.O_CLOEXEC, dir_fd=dfd)
        try:
            with _oserror():
                self._own(fd, ftype, perm, da, cred)
                fid = _name_to_handle(fd, b"", AT_EMPTY_PATH)[0]
        except BaseException:
            os.close(fd)
            raise
        self._cache(fid, _Open(fd, ftype, False))
        return fid

    async def symlink(self, dir: FileId, name: bytes, target: bytes, cred: Cred) -> FileId:
        dfd, da = self._dir(dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(name)
        with _oserror():
            os.symlink(bytes(target), name, dir_fd=dfd)
        return self._new_node(dfd, name, FileType.LNK, 0o777, da, cred)

    async def mknod(
        self,
        dir: FileId,
        name: bytes,
        ftype: FileType,
        perm: int,
        rdev: tuple[int, int],
        cred: Cred,
    ) -> FileId:
        if ftype not in (FileType.BLK, FileType.CHR, FileType.SOCK, FileType.FIFO):
            raise StorageError(errno.EINVAL, "MKNOD makes only BLK, CHR, SOCK and FIFO")
        dfd, da = self._dir(dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(name)
        if ftype in (FileType.BLK, FileType.CHR) and cred.uid != 0:
            raise StorageError(errno.EPERM)
        dev = os.makedev(*rdev) if ftype in (FileType.BLK, FileType.CHR) else 0
        with _oserror():
            os.mknod(name, _IFMT[ftype] | 0o600, dev, dir_fd=dfd)
        return self._new_node(dfd, name, ftype, perm, da, cred)

    def _victim(self, dfd: int, da: Attrs, name: bytes, cred: Cred) -> tuple[Attrs, FileId | None]:
        """Attributes and FileId of an entry about to be removed; checks the sticky bit."""
        va = self._lstat(dfd, name)
        _perm.require_sticky(da, va, cred)
        try:
            fid: FileId | None = _name_to_handle(dfd, name, 0)[0]
        except StorageError:
            fid = None  # e.g. a mount point: the kernel refuses the removal itself
        return va, fid

    def _forget(self, fid: FileId | None) -> None:
        """Drop the cached fd of an object whose last link may just have gone."""
        if fid is not None:
            self._evict(fid)

    async def remove(self, dir: FileId, name: bytes, cred: Cred) -> None:
        dfd, da = self._dir(dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(name)
        if name in (b".", b".."):
            raise StorageError(errno.EISDIR)
        va, fid = self._victim(dfd, da, name, cred)
        if va.type == FileType.DIR:
            raise StorageError(errno.EISDIR)
        with _oserror():
            os.unlink(name, dir_fd=dfd)
        self._forget(fid)

    async def rmdir(self, dir: FileId, name: bytes, cred: Cred) -> None:
        dfd, da = self._dir(dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(name)
        if name == b".":
            raise StorageError(errno.EINVAL)
        if name == b"..":
            raise StorageError(errno.ENOTEMPTY)
        _, fid = self._victim(dfd, da, name, cred)
        with _oserror():
            os.rmdir(name, dir_fd=dfd)
        self._forget(fid)

    async def rename(
        self, src_dir: FileId, src_name: bytes, dst_dir: FileId, dst_name: bytes, cred: Cred
    ) -> None:
        sfd, sa = self._dir(src_dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        dfd, da = self._dir(dst_dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(src_name)
        check_name(dst_name)
        if src_name in (b".", b"..") or dst_name in (b".", b".."):
            raise StorageError(errno.EINVAL)
        src, src_fid = self._victim(sfd, sa, src_name, cred)
        if src.type == FileType.DIR and (sa.fsid, sa.fileid) != (da.fsid, da.fileid):
            _perm.require(src, cred, _perm.MAY_WRITE)  # its ".." changes (vfs_rename)
        dst_fid = None
        try:
            _, dst_fid = self._victim(dfd, da, dst_name, cred)
        except StorageError as e:
            if e.errno != errno.ENOENT:
                raise
        else:
            if dst_fid == src_fid:
                return  # both names link the same object: POSIX says do nothing
        with _oserror():
            os.rename(src_name, dst_name, src_dir_fd=sfd, dst_dir_fd=dfd)
        self._forget(dst_fid)

    async def link(self, fid: FileId, dir: FileId, name: bytes, cred: Cred) -> None:
        o, _ = self._stat(fid)
        if o.type == FileType.DIR:
            raise StorageError(errno.EPERM)
        dfd, _ = self._dir(dir, cred, _perm.MAY_WRITE | _perm.MAY_EXEC)
        check_name(name)
        _check(_linkat(o.fd, b"", dfd, name, AT_EMPTY_PATH), "linkat")

    async def readdir(
        self, dir: FileId, cookie: int, count: int, cred: Cred, *, plus: bool = False
    ) -> ReadDir:
        for waited in range(3):
            dfd, a = self._dir(dir, cred, _perm.MAY_READ)
            key = (a.fileid, a.mtime, a.ctime)
            snap = cast("_Snap | None", self._snaps.peek(dir, key))
            if snap is not None:
                start, end, eof = page_bounds(snap, cookie, count)
                if None not in snap.fids[start:end]:
                    return self._known_page(dfd, snap, start, end, eof, plus, key)
            busy = self._listing.get((dir, key, cookie))
            if busy is None or waited == 2:
                break
            await asyncio.shield(busy)  # the same page is being looked up: share its work
        if busy is not None:  # the directory keeps changing: look it up unshared
            return await self._new_page(dir, dfd, a.size, snap, key, cookie, count, plus)
        done = self._listing[(dir, key, cookie)] = asyncio.get_running_loop().create_future()
        try:
            return await self._new_page(dir, dfd, a.size, snap, key, cookie, count, plus)
        finally:
            del self._listing[(dir, key, cookie)]
            done.set_result(None)

    async def _new_page(self, dir: FileId, dfd: int, size: int, known: _Snap | None,
                        key: Hashable, cookie: int, count: int, plus: bool) -> ReadDir:
        """A page some of whose entries were not looked up in this directory version: on a
        storage thread (with the scan, if the snapshot is missing too) unless the work is
        small (see the module docstring)."""
        with _oserror():
            # Our own fd, not dfd: while a thread works the LRU may close the cached one.
            fd = os.open(".", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC, dir_fd=dfd)
        try:
            with _oserror():
                if known is None and size > SMALL_DIR_BYTES:
                    snap, start, end, eof, found = await self.offload.run(
                        _scan_lookup, fd, cookie, count, plus)
                    self._snaps.put(dir, key, snap)
                else:
                    if known is None:
                        snap = _scan_fd(fd)
                        self._snaps.put(dir, key, snap)
                    else:
                        snap = known
                    start, end, eof = page_bounds(snap, cookie, count)
                    names = [snap[i][1] for i in range(start, end)]
                    if len(names) > INLINE_LOOKUPS:
                        found = await self.offload.run(_lookup, fd, names, plus)
                    else:
                        found = _lookup(fd, names, plus)
        finally:
            # offload.run returns (or raises) only once its thread is done with the fd.
            os.close(fd)
        fids = snap.fids
        mine = self._mount_id
        entries = []
        for i, got in zip(range(start, end), found, strict=True):
            if got is None:  # removed since the snapshot (its version soon changes)
                fids[i] = _SKIP
                continue
            fid, mount_id, st = got
            if mount_id != mine:
                fids[i] = _SKIP
                continue
            fids[i] = fid
            ncookie, name, ino = snap[i]
            entries.append(DirEntry(name, ino, ncookie, fid, _attrs(st) if st else None))
        return ReadDir(entries, eof, cookieverf_of(key))

    def _known_page(self, dfd: int, snap: _Snap, start: int, end: int, eof: bool, plus: bool,
                    key: Hashable) -> ReadDir:
        """A page whose handles were looked up before in this version: on the loop, one
        lstat per entry for READDIRPLUS (hot inodes), nothing per entry for READDIR."""
        fids = snap.fids
        entries = []
        stat_at = os.stat
        for i in range(start, end):
            fid = fids[i]
            if not fid:  # _SKIP: a mount point (None is not in a known page)
                continue
            ncookie, name, ino = snap[i]
            attrs = None
            if plus:
                try:
                    st = stat_at(name, dir_fd=dfd, follow_symlinks=False)
                except FileNotFoundError:
                    continue  # removed since the snapshot (its version not yet changed)
                except OSError as e:
                    raise StorageError(e.errno or errno.EIO, e.strerror or "") from None
                if st.st_ino != ino:  # replaced within one tick of the directory's mtime
                    with _oserror():
                        fid = fids[i] = _name_to_handle(dfd, name, 0)[0]
                    ino = st.st_ino
                attrs = _attrs(st)
            entries.append(DirEntry(name, ino, ncookie, fid, attrs))
        return ReadDir(entries, eof, cookieverf_of(key))

    async def cookieverf(self, dir: FileId) -> bytes:
        _, st = self._stat(dir)
        a = _attrs(st)
        return cookieverf_of((a.fileid, a.mtime, a.ctime))

    # -- file system -----------------------------------------------------------------------

    async def statfs(self, fid: FileId, cred: Cred | None = None) -> FsStat:
        o, _ = self._stat(fid)
        with _oserror():
            s = os.fstatvfs(o.fd if o.type in (FileType.REG, FileType.DIR) else self._root_fd)
        return FsStat(
            tbytes=s.f_blocks * s.f_frsize,
            fbytes=s.f_bfree * s.f_frsize,
            abytes=s.f_bavail * s.f_frsize,
            tfiles=s.f_files,
            ffiles=s.f_ffree,
            afiles=s.f_favail,
        )

    async def pathconf(self, fid: FileId, cred: Cred | None = None) -> PathConf:
        self._stat(fid)
        with _oserror():
            linkmax = os.fpathconf(self._root_fd, "PC_LINK_MAX")
            name_max = os.fpathconf(self._root_fd, "PC_NAME_MAX")
        return PathConf(linkmax=linkmax, name_max=name_max)


def _keeps_user_xattrs(fd: int) -> bool:
    """Does the file system of `fd` keep user xattrs?  (One export, one file system: mount
    points inside it are not served.)  An absent name answers ENODATA where they are kept,
    EOPNOTSUPP where they are not."""
    try:
        os.getxattr(fd, XATTR_PREFIX + b"nfsrdma.probe")
    except OSError as e:
        return e.errno == errno.ENODATA
    return True


_INSIDE, _OUTSIDE, _UNLINKED = object(), object(), object()  # VfsBackend._escaped verdicts


def _under(path: bytes, root: bytes) -> bool:
    """Is ``path`` the directory ``root`` or below it (both kernel-made absolute paths)?"""
    return root == b"/" or path == root or path.startswith(root + b"/")


def _timespec(t: tuple[str] | tuple[int, int] | None) -> _Timespec:
    if t is None:
        return _Timespec(0, UTIME_OMIT)
    if len(t) == 1:
        return _Timespec(0, UTIME_NOW)
    return _Timespec(int(t[0]), int(t[1]))
