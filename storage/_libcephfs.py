"""A ctypes binding of the libcephfs calls the cephfs backend uses, and nothing more.

Operation: `Mount` owns one ``ceph_mount_info`` (one CephFS client session): it reads a
ceph.conf, authenticates as ``client.<id>`` and mounts a directory of the file system.  Its
methods wrap the low-level (``ceph_ll_*``) API, which addresses objects by ``Inode*``
pointers the client holds references on, not by paths: `lookup_inode` turns an inode number
(+ snapshot id) back into an ``Inode*`` (what a file handle needs across restarts), `lookup`,
`create`, `mkdir`, ... return new referenced pointers that the caller releases with `put`.

Every call blocks (it may wait for the MDS or the OSDs) and releases the GIL: the backend
runs them on its storage threads, never on the event loop.  A negative return value is
``-errno``; `_check` raises ``OSError(errno)`` for it.  Python's ``cephfs`` module (Debian's
python3-cephfs) is not used: it copies every read and write into new ``bytes`` and has no
lookup by inode number.

Payload I/O: `readv` / `writev` take lists of memoryviews over pool pages; each becomes an
``iovec`` pointing into the page itself (``(c_char * n).from_buffer``), so libcephfs reads into
and writes from the pool's memory with no copy in Python.

Struct layouts are libcephfs 16's (include/cephfs/libcephfs.h, ceph_statx.h) on x86_64
Linux (``dev_t`` and ``time_t`` 64-bit).
"""

from __future__ import annotations

import ctypes
import errno
import os
import time
from ctypes import (
    POINTER,
    Structure,
    c_char,
    c_char_p,
    c_int,
    c_int64,
    c_long,
    c_size_t,
    c_uint,
    c_uint16,
    c_uint32,
    c_uint64,
    c_ulong,
    c_void_p,
)
from typing import Any

__all__ = [
    "NOSNAP",
    "STATX_ALL",
    "Mount",
    "Statx",
    "Timespec",
    "load",
]

NOSNAP = (1 << 64) - 2  # CEPH_NOSNAP: the live ("head") version of an object

# ceph_statx.h: the fields a getattr asks for
STATX_BASIC = 0x7FF  # mode nlink uid gid rdev atime mtime ctime ino size blocks
STATX_VERSION = 0x1000
STATX_ALL = STATX_BASIC | STATX_VERSION
AT_SYMLINK_NOFOLLOW = 0x100

# ceph_ll_setattr mask bits (libcephfs.h CEPH_SETATTR_*)
SETATTR_MODE = 1
SETATTR_UID = 2
SETATTR_GID = 4
SETATTR_MTIME = 8
SETATTR_ATIME = 16
SETATTR_SIZE = 32
SETATTR_CTIME = 64

XATTR_CREATE = 1
XATTR_REPLACE = 2


class Timespec(Structure):
    _fields_ = [("tv_sec", c_long), ("tv_nsec", c_long)]


class Statx(Structure):
    """struct ceph_statx."""

    _fields_ = [
        ("mask", c_uint32),
        ("blksize", c_uint32),
        ("nlink", c_uint32),
        ("uid", c_uint32),
        ("gid", c_uint32),
        ("mode", c_uint16),
        ("ino", c_uint64),
        ("size", c_uint64),
        ("blocks", c_uint64),
        ("dev", c_uint64),
        ("rdev", c_uint64),
        ("atime", Timespec),
        ("ctime", Timespec),
        ("mtime", Timespec),
        ("btime", Timespec),
        ("version", c_uint64),
    ]


class _Vino(Structure):
    """vinodeno_t: an inode number and the snapshot it is seen in."""

    _fields_ = [("ino", c_uint64), ("snapid", c_uint64)]


class _Iovec(Structure):
    _fields_ = [("base", c_void_p), ("len", c_size_t)]


class _Flock(Structure):
    """struct flock (x86_64/aarch64 glibc layout)."""

    _fields_ = [
        ("l_type", ctypes.c_short),
        ("l_whence", ctypes.c_short),
        ("l_start", ctypes.c_int64),
        ("l_len", ctypes.c_int64),
        ("l_pid", ctypes.c_int32),
    ]


F_RDLCK, F_WRLCK, F_UNLCK = 0, 1, 2


class _Statvfs(Structure):
    """glibc's struct statvfs on 64-bit Linux."""

    _fields_ = [
        ("bsize", c_ulong),
        ("frsize", c_ulong),
        ("blocks", c_uint64),
        ("bfree", c_uint64),
        ("bavail", c_uint64),
        ("files", c_uint64),
        ("ffree", c_uint64),
        ("favail", c_uint64),
        ("fsid", c_ulong),
        ("flag", c_ulong),
        ("namemax", c_ulong),
        ("spare", c_int * 6),
    ]


class _Dirent(Structure):
    """glibc's struct dirent on 64-bit Linux (what ceph_readdir returns)."""

    _fields_ = [
        ("ino", c_uint64),
        ("off", c_int64),
        ("reclen", c_uint16),
        ("type", ctypes.c_uint8),
        ("name", c_char * 256),
    ]


_P = c_void_p  # every opaque pointer: ceph_mount_info*, Inode*, Fh*, UserPerm*, dir result*
_PP = POINTER(c_void_p)
_SX = POINTER(Statx)

# name: (restype, argtypes).  Only the calls the backend makes.
_SIGS: dict[str, tuple[Any, list[Any]]] = {
    "ceph_create": (c_int, [_PP, c_char_p]),
    "ceph_conf_read_file": (c_int, [_P, c_char_p]),
    "ceph_conf_set": (c_int, [_P, c_char_p, c_char_p]),
    "ceph_mount": (c_int, [_P, c_char_p]),
    "ceph_init": (c_int, [_P]),
    "ceph_start_reclaim": (c_int, [_P, c_char_p, c_uint]),
    "ceph_finish_reclaim": (None, [_P]),
    "ceph_set_uuid": (None, [_P, c_char_p]),
    "ceph_unmount": (c_int, [_P]),
    "ceph_release": (c_int, [_P]),
    "ceph_get_fs_cid": (c_int64, [_P]),
    "ceph_userperm_new": (_P, [c_uint, c_uint, c_int, POINTER(c_uint)]),
    "ceph_userperm_destroy": (None, [_P]),
    "ceph_ll_lookup_root": (c_int, [_P, _PP]),
    "ceph_ll_lookup_vino": (c_int, [_P, _Vino, _PP]),
    "ceph_ll_lookup": (c_int, [_P, _P, c_char_p, _PP, _SX, c_uint, c_uint, _P]),
    "ceph_ll_put": (c_int, [_P, _P]),
    "ceph_ll_getattr": (c_int, [_P, _P, _SX, c_uint, c_uint, _P]),
    "ceph_ll_setattr": (c_int, [_P, _P, _SX, c_int, _P]),
    "ceph_ll_open": (c_int, [_P, _P, c_int, _PP, _P]),
    "ceph_ll_close": (c_int, [_P, _P]),
    "ceph_ll_create": (c_int, [_P, _P, c_char_p, c_uint, c_int, _PP, _PP, _SX, c_uint,
                               c_uint, _P]),
    "ceph_ll_mkdir": (c_int, [_P, _P, c_char_p, c_uint, _PP, _SX, c_uint, c_uint, _P]),
    "ceph_ll_mknod": (c_int, [_P, _P, c_char_p, c_uint, c_uint64, _PP, _SX, c_uint, c_uint,
                              _P]),
    "ceph_ll_symlink": (c_int, [_P, _P, c_char_p, c_char_p, _PP, _SX, c_uint, c_uint, _P]),
    "ceph_ll_readlink": (c_int, [_P, _P, c_char_p, c_size_t, _P]),
    "ceph_ll_link": (c_int, [_P, _P, _P, c_char_p, _P]),
    "ceph_ll_unlink": (c_int, [_P, _P, c_char_p, _P]),
    "ceph_ll_rmdir": (c_int, [_P, _P, c_char_p, _P]),
    "ceph_ll_rename": (c_int, [_P, _P, c_char_p, _P, c_char_p, _P]),
    "ceph_ll_opendir": (c_int, [_P, _P, _PP, _P]),
    "ceph_readdir": (POINTER(_Dirent), [_P, _P]),
    "ceph_ll_releasedir": (c_int, [_P, _P]),
    "ceph_ll_readv": (c_int64, [_P, _P, POINTER(_Iovec), c_int, c_int64]),
    "ceph_ll_writev": (c_int64, [_P, _P, POINTER(_Iovec), c_int, c_int64]),
    "ceph_ll_fsync": (c_int, [_P, _P, c_int]),
    "ceph_ll_setlk": (c_int, [_P, _P, POINTER(_Flock), c_uint64, c_int]),
    "ceph_ll_fallocate": (c_int, [_P, _P, c_int, c_int64, c_int64]),
    "ceph_ll_statfs": (c_int, [_P, _P, POINTER(_Statvfs)]),
    "ceph_ll_getxattr": (c_int, [_P, _P, c_char_p, c_void_p, c_size_t, _P]),
    "ceph_ll_setxattr": (c_int, [_P, _P, c_char_p, c_void_p, c_size_t, c_int, _P]),
    "ceph_ll_listxattr": (c_int, [_P, _P, c_char_p, c_size_t, POINTER(c_size_t), _P]),
    "ceph_ll_removexattr": (c_int, [_P, _P, c_char_p, _P]),
}

_lib: Any = None


def load() -> Any:
    """libcephfs.so.2 with the signatures above declared.

    Raises: OSError when the library is not installed (Debian: libcephfs2).
    """
    global _lib
    if _lib is None:
        lib = ctypes.CDLL("libcephfs.so.2", use_errno=True)
        for name, (res, args) in _SIGS.items():
            fn = getattr(lib, name)
            fn.restype = res
            fn.argtypes = args
        _lib = lib
    return _lib


def _check(rc: int, what: str) -> int:
    if rc < 0:
        raise OSError(-rc, f"{what}: {os.strerror(-rc)}")
    return rc


def _iovecs(views: list[memoryview]) -> tuple[Any, list[Any]]:
    """An iovec array over ``views`` (no copy), and the ctypes objects that keep them alive."""
    arr = (_Iovec * len(views))()
    keep = []
    for i, v in enumerate(views):
        c = (c_char * len(v)).from_buffer(v)
        keep.append(c)
        arr[i].base = ctypes.addressof(c)
        arr[i].len = len(v)
    return arr, keep


CEPH_RECLAIM_RESET = 1  # libcephfs.h: end the old session instead of taking its state


def _reclaim(lib: Any, cm: c_void_p, uuid: str) -> None:
    """End the session an earlier client named ``uuid`` left (none: nothing to do)."""
    _check(lib.ceph_init(cm), "ceph_init")
    rc = lib.ceph_start_reclaim(cm, uuid.encode(), CEPH_RECLAIM_RESET)
    if rc == -errno.ENOENT:  # no such session: nothing held
        return
    _check(rc, f"reclaiming session {uuid}")
    lib.ceph_finish_reclaim(cm)


def end_session(conf: str, client_id: str, uuid: str,
                options: dict[str, str] | None = None) -> None:
    """End the CephFS session of the dead client ``uuid`` (a gateway taken over): its
    capabilities and locks are released now, not at the MDS's session timeout.  Blocks."""
    lib = load()
    cm = c_void_p()
    _check(lib.ceph_create(ctypes.byref(cm), client_id.encode()), "ceph_create")
    try:
        _check(lib.ceph_conf_read_file(cm, conf.encode()), f"reading {conf}")
        for k, v in (options or {}).items():
            _check(lib.ceph_conf_set(cm, k.encode(), v.encode()), f"option {k}")
        _reclaim(lib, cm, uuid)
    finally:
        lib.ceph_release(cm)


class Mount:
    """One mounted libcephfs client; every method blocks (run it on a storage thread).

    ``Inode*`` and ``Fh*`` values are ints (addresses).  Methods returning an ``Inode*`` hand
    the caller one reference, dropped with `put`.
    """

    def __init__(self, conf: str, client_id: str, root: str,
                 options: dict[str, str] | None = None, uuid: str | None = None) -> None:
        """Read ``conf``, authenticate as client.``client_id`` and mount ``root``.

        ``uuid``: this client's stable name (a clustered gateway's node and export): the
        session an earlier instance left under it is taken over first (its capabilities
        and locks released at once, not after the MDS's session timeout).

        Raises: OSError (ENOENT for a missing root, ETIMEDOUT for an unreachable cluster, ...).
        """
        lib = self.lib = load()
        cm = c_void_p()
        _check(lib.ceph_create(ctypes.byref(cm), client_id.encode()), "ceph_create")
        self.cm: c_void_p | None = cm
        try:
            _check(lib.ceph_conf_read_file(cm, conf.encode()), f"reading {conf}")
            # the backend checks permissions itself, as the server's other backends do
            for k, v in {"client_permissions": "false", **(options or {})}.items():
                _check(lib.ceph_conf_set(cm, k.encode(), v.encode()), f"option {k}")
            if uuid is not None:
                _reclaim(lib, cm, uuid)
                lib.ceph_set_uuid(cm, uuid.encode())
            _check(lib.ceph_mount(cm, root.encode()), f"mounting {root}")
        except BaseException:
            lib.ceph_release(cm)
            raise
        self.root_perm = self.userperm(0, 0, ())

    def close(self) -> None:
        """Unmount (dropping every Inode and Fh the session held) and free the client."""
        if self.cm:
            self.lib.ceph_userperm_destroy(self.root_perm)
            self.lib.ceph_unmount(self.cm)
            self.lib.ceph_release(self.cm)
            self.cm = None

    def fs_cid(self) -> int:
        return int(self.lib.ceph_get_fs_cid(self.cm))

    # -- credentials ------------------------------------------------------------------------

    def userperm(self, uid: int, gid: int, gids: tuple[int, ...]) -> int:
        """A new UserPerm (freed with `userperm_destroy`)."""
        arr = (c_uint * max(1, len(gids)))(*gids)
        p = self.lib.ceph_userperm_new(uid, gid, len(gids), arr)
        if not p:
            raise MemoryError("ceph_userperm_new")
        return int(p)

    def userperm_destroy(self, perm: int) -> None:
        self.lib.ceph_userperm_destroy(perm)

    # -- inodes -----------------------------------------------------------------------------

    def lookup_root(self) -> int:
        out = c_void_p()
        _check(self.lib.ceph_ll_lookup_root(self.cm, ctypes.byref(out)), "lookup_root")
        return int(out.value or 0)

    def lookup_inode(self, ino: int, snapid: int = NOSNAP) -> int:
        """The Inode of (ino, snapid), from the MDS if the client does not hold it.

        Raises: OSError(ESTALE) when the inode no longer exists.
        """
        out = c_void_p()
        _check(self.lib.ceph_ll_lookup_vino(self.cm, _Vino(ino, snapid), ctypes.byref(out)),
               "lookup_vino")
        return int(out.value or 0)

    def put(self, inode: int) -> None:
        self.lib.ceph_ll_put(self.cm, inode)

    def lookup(self, parent: int, name: bytes, perm: int) -> tuple[int, Statx]:
        out, sx = c_void_p(), Statx()
        _check(self.lib.ceph_ll_lookup(self.cm, parent, name, ctypes.byref(out),
                                       ctypes.byref(sx), STATX_ALL, AT_SYMLINK_NOFOLLOW,
                                       perm), "lookup")
        return int(out.value or 0), sx

    def getattr(self, inode: int, perm: int) -> Statx:
        sx = Statx()
        _check(self.lib.ceph_ll_getattr(self.cm, inode, ctypes.byref(sx), STATX_ALL,
                                        AT_SYMLINK_NOFOLLOW, perm), "getattr")
        return sx

    def setattr(self, inode: int, sx: Statx, mask: int, perm: int) -> None:
        _check(self.lib.ceph_ll_setattr(self.cm, inode, ctypes.byref(sx), mask, perm),
               "setattr")

    # -- namespace --------------------------------------------------------------------------

    def create(self, parent: int, name: bytes, mode: int, flags: int,
               perm: int) -> tuple[int, int, Statx]:
        """(Inode, Fh, statx) of a new (or, without O_EXCL, existing) regular file."""
        out, fh, sx = c_void_p(), c_void_p(), Statx()
        _check(self.lib.ceph_ll_create(self.cm, parent, name, mode, flags, ctypes.byref(out),
                                       ctypes.byref(fh), ctypes.byref(sx), STATX_ALL, 0,
                                       perm), "create")
        return int(out.value or 0), int(fh.value or 0), sx

    def mkdir(self, parent: int, name: bytes, mode: int, perm: int) -> tuple[int, Statx]:
        out, sx = c_void_p(), Statx()
        _check(self.lib.ceph_ll_mkdir(self.cm, parent, name, mode, ctypes.byref(out),
                                      ctypes.byref(sx), STATX_ALL, 0, perm), "mkdir")
        return int(out.value or 0), sx

    def mknod(self, parent: int, name: bytes, mode: int, rdev: int,
              perm: int) -> tuple[int, Statx]:
        out, sx = c_void_p(), Statx()
        _check(self.lib.ceph_ll_mknod(self.cm, parent, name, mode, rdev, ctypes.byref(out),
                                      ctypes.byref(sx), STATX_ALL, 0, perm), "mknod")
        return int(out.value or 0), sx

    def symlink(self, parent: int, name: bytes, target: bytes, perm: int) -> tuple[int, Statx]:
        out, sx = c_void_p(), Statx()
        _check(self.lib.ceph_ll_symlink(self.cm, parent, name, target, ctypes.byref(out),
                                        ctypes.byref(sx), STATX_ALL, 0, perm), "symlink")
        return int(out.value or 0), sx

    def readlink(self, inode: int, perm: int) -> bytes:
        buf = ctypes.create_string_buffer(4096)
        n = _check(self.lib.ceph_ll_readlink(self.cm, inode, buf, len(buf), perm), "readlink")
        return buf.raw[:n]

    def link(self, inode: int, parent: int, name: bytes, perm: int) -> None:
        _check(self.lib.ceph_ll_link(self.cm, inode, parent, name, perm), "link")

    def unlink(self, parent: int, name: bytes, perm: int) -> None:
        _check(self.lib.ceph_ll_unlink(self.cm, parent, name, perm), "unlink")

    def rmdir(self, parent: int, name: bytes, perm: int) -> None:
        _check(self.lib.ceph_ll_rmdir(self.cm, parent, name, perm), "rmdir")

    def rename(self, src: int, name: bytes, dst: int, newname: bytes, perm: int) -> None:
        _check(self.lib.ceph_ll_rename(self.cm, src, name, dst, newname, perm), "rename")

    def listdir(self, inode: int, perm: int) -> list[tuple[bytes, int]]:
        """(name, inode number) of every entry but "." and ".."."""
        dirp = c_void_p()
        _check(self.lib.ceph_ll_opendir(self.cm, inode, ctypes.byref(dirp), perm), "opendir")
        out: list[tuple[bytes, int]] = []
        try:
            while True:
                ctypes.set_errno(0)
                de = self.lib.ceph_readdir(self.cm, dirp)
                if not de:
                    e = ctypes.get_errno()
                    if e:
                        raise OSError(e, f"readdir: {os.strerror(e)}")
                    return out
                name = de.contents.name
                if name not in (b".", b".."):
                    out.append((name, int(de.contents.ino)))
        finally:
            self.lib.ceph_ll_releasedir(self.cm, dirp)

    # -- data -------------------------------------------------------------------------------

    def open(self, inode: int, flags: int, perm: int) -> int:
        fh = c_void_p()
        _check(self.lib.ceph_ll_open(self.cm, inode, flags, ctypes.byref(fh), perm), "open")
        return int(fh.value or 0)

    def close_fh(self, fh: int) -> None:
        self.lib.ceph_ll_close(self.cm, fh)

    def readv(self, fh: int, views: list[memoryview], offset: int) -> int:
        """Read into ``views`` (pool pages) at ``offset``; returns the bytes read (short at
        end of file)."""
        arr, _keep = _iovecs(views)
        return _check(self.lib.ceph_ll_readv(self.cm, fh, arr, len(views), offset), "readv")

    def writev(self, fh: int, views: list[memoryview], offset: int) -> int:
        arr, _keep = _iovecs(views)
        return _check(self.lib.ceph_ll_writev(self.cm, fh, arr, len(views), offset), "writev")

    def setlk(self, fh: int, kind: int, start: int, length: int, owner: int) -> bool:
        """A POSIX lock (F_RDLCK/F_WRLCK/F_UNLCK) over ``[start, start+length)`` (length 0:
        to the end) for lock owner ``owner``, not waiting.  False: another owner (of any
        CephFS client) holds a conflicting lock."""
        fl = _Flock(kind, os.SEEK_SET, start, length, 0)
        rc = self.lib.ceph_ll_setlk(self.cm, fh, ctypes.byref(fl), owner, 0)
        if rc in (-errno.EAGAIN, -errno.EACCES):
            return False
        _check(rc, "setlk")
        return True

    def fsync(self, fh: int, dataonly: bool = False) -> None:
        _check(self.lib.ceph_ll_fsync(self.cm, fh, int(dataonly)), "fsync")

    def fallocate(self, fh: int, mode: int, offset: int, length: int) -> None:
        """fallocate(2) modes CephFS has: 0 (grow the size; CephFS allocates lazily) and
        PUNCH_HOLE | KEEP_SIZE."""
        _check(self.lib.ceph_ll_fallocate(self.cm, fh, mode, offset, length), "fallocate")

    def statfs(self, inode: int) -> _Statvfs:
        st = _Statvfs()
        _check(self.lib.ceph_ll_statfs(self.cm, inode, ctypes.byref(st)), "statfs")
        return st

    # -- extended attributes ----------------------------------------------------------------

    def getxattr(self, inode: int, name: bytes, size: int, perm: int) -> bytes:
        buf = ctypes.create_string_buffer(max(1, size))
        n = _check(self.lib.ceph_ll_getxattr(self.cm, inode, name, buf, size, perm),
                   "getxattr")
        return buf.raw[:n]

    def setxattr(self, inode: int, name: bytes, value: bytes, flags: int, perm: int) -> None:
        _check(self.lib.ceph_ll_setxattr(self.cm, inode, name, value, len(value), flags, perm),
               "setxattr")

    def listxattr(self, inode: int, size: int, perm: int) -> list[bytes]:
        buf = ctypes.create_string_buffer(max(1, size))
        used = c_size_t()
        _check(self.lib.ceph_ll_listxattr(self.cm, inode, buf, size, ctypes.byref(used), perm),
               "listxattr")
        return [n for n in buf.raw[:used.value].split(b"\0") if n]

    def removexattr(self, inode: int, name: bytes, perm: int) -> None:
        _check(self.lib.ceph_ll_removexattr(self.cm, inode, name, perm), "removexattr")

    # -- cluster probe ------------------------------------------------------------------------

    def write_probe(self, name: bytes, timeout: float) -> None:
        """Create, write and fsync a small file under the mount root, retrying until
        ``timeout`` (a cluster whose data PGs are not yet active answers EAGAIN/ETIMEDOUT or
        blocks): proves the cluster serves data."""
        deadline = time.monotonic() + timeout
        root = self.lookup_root()
        try:
            while True:
                try:
                    ino, fh, _ = self.create(root, name.lstrip(b"/"), 0o644,
                                             os.O_RDWR | os.O_CREAT, self.root_perm)
                    try:
                        data = bytearray(b"up")
                        self.writev(fh, [memoryview(data)], 0)
                        self.fsync(fh)
                    finally:
                        self.close_fh(fh)
                        self.put(ino)
                    self.unlink(root, name.lstrip(b"/"), self.root_perm)
                    return
                except OSError as e:
                    if time.monotonic() > deadline or e.errno not in (
                            errno.EAGAIN, errno.ETIMEDOUT, errno.EIO, errno.ENOSPC):
                        raise
                    time.sleep(0.3)
        finally:
            self.put(root)
