"""The storage backend contract: handle-based, NFS-shaped, async.

Operation: the NFS layer turns a file handle into a `FileId` (the backend's own opaque, stable
object id inside one export) and calls one method of `StorageBackend` per procedure, passing
the caller's `Cred` (already squashed by the export rules).  The backend checks permissions as
that user, performs the operation and returns `Attrs`, new `FileId`s, or payload `BvecList`s
filled from the `PagePool`.  Failures raise `StorageError(errno)`; the NFS layer maps the errno
to an nfsstat3 in one place (RFC 1813 §2.6).

Modelled on chimera's ``struct chimera_vfs_module`` (one documented table of operations, each
required or optional) and NFS-Ganesha's FSAL_MEM (the in-memory reference implementation).

Conventions shared by every method:

- Names are ``bytes``.  An empty name, or one containing ``/`` or NUL, raises EINVAL; a name
  longer than 255 bytes raises ENAMETOOLONG.  ``.`` and ``..`` are only meaningful to `lookup`.
- ``..`` never leaves the export: at the export root it names the root itself.
- Symlinks are never followed by the backend (a lookup returns the link itself).
- A `FileId` whose object is gone raises ESTALE.
- Modes (``perm``, `Attrs.mode`) are the 12 permission bits (``& 0o7777``); the type is separate.
- Blocking syscalls run inline when they are fast on a local filesystem; those that may
  take long (fsync, big I/O, huge directories, the sparse-file, copy and xattr calls) go
  through the storage thread pool (storage._offload).

The NFSv4.2 calls (RFC 7862, RFC 8276) are optional; a backend without them raises
EOPNOTSUPP: `seek`, `allocate`, `deallocate`, `copy_range`, `clone_range`, and the
extended attributes of the ``user.`` namespace (`getxattr`, `setxattr`, `listxattrs`,
`removexattr`, `xattr_support`).  Xattr names cross this contract without the ``user.``
prefix (as RFC 8276 keys do): no other namespace can be named through it, as knfsd allows
only ``user.`` to NFS clients.
"""

from __future__ import annotations

import abc
import enum
import errno as _errno
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from storage.bvec import BvecList
    from storage.pool import PagePool

__all__ = [
    "ACCESS_DELETE",
    "ACCESS_EXECUTE",
    "ACCESS_EXTEND",
    "ACCESS_LOOKUP",
    "ACCESS_MODIFY",
    "ACCESS_READ",
    "COPY_CHUNK",
    "FIRST_COOKIE",
    "SERVER_TIME",
    "XATTR_LIST_MAX",
    "XATTR_NAME_MAX",
    "XATTR_SIZE_MAX",
    "Attrs",
    "Content",
    "CreateMode",
    "Cred",
    "DirEntry",
    "FileId",
    "FileType",
    "FsStat",
    "NotSync",
    "PathConf",
    "ReadDir",
    "SetAttrs",
    "StorageBackend",
    "StorageError",
    "TimeSpec",
    "XattrHow",
    "check_range",
    "check_xattr_name",
]

FileId: TypeAlias = bytes
"""Opaque, stable id of one object inside one export (wrapped by the NFS layer's handle)."""

TimeSpec: TypeAlias = tuple[str] | tuple[int, int]
"""A time to set: `SERVER_TIME` or an explicit (seconds, nanoseconds)."""

SERVER_TIME: tuple[str] = ("server",)
"""SetAttrs time sentinel: set to the server's current time (RFC 1813 SET_TO_SERVER_TIME)."""

# ACCESS3 bits (RFC 1813 §3.3.4), what `StorageBackend.access` grants.
ACCESS_READ = 0x01
ACCESS_LOOKUP = 0x02
ACCESS_MODIFY = 0x04
ACCESS_EXTEND = 0x08
ACCESS_DELETE = 0x10
ACCESS_EXECUTE = 0x20

FIRST_COOKIE = 3
"""Backends number directory entries from cookie 3 up; cookies 1 and 2 are left to the NFS
layer for the "." and ".." entries it synthesizes, and cookie 0 means "from the start"."""


#: Bytes one `copy_range` call copies at most: knfsd bounds a synchronous COPY the same way
#: (4 MiB) so one call never holds a storage thread for long; the client asks again for the
#: rest (a short COPY is a success, RFC 7862 15.2.3).
COPY_CHUNK = 4 << 20
#: Linux's limits for extended attributes (include/uapi/linux/limits.h): a name of at most
#: 255 bytes with its "user." prefix, a value of at most 64 KiB, a list of at most 64 KiB.
XATTR_NAME_MAX = 255
XATTR_SIZE_MAX = 65536
XATTR_LIST_MAX = 65536
XATTR_PREFIX = b"user."
#: Largest offset + length a range may reach (off_t).
_OFF_MAX = (1 << 63) - 1


class Content(enum.IntEnum):
    """What `StorageBackend.seek` looks for (SEEK_DATA / SEEK_HOLE; data_content4 values)."""

    DATA = 0
    HOLE = 1


class XattrHow(enum.IntEnum):
    """`StorageBackend.setxattr` modes (setxattr_option4 values, RFC 8276 8.4.2)."""

    EITHER = 0  # create or replace
    CREATE = 1  # EEXIST if it exists (XATTR_CREATE)
    REPLACE = 2  # ENODATA if it does not (XATTR_REPLACE)


class StorageError(OSError):
    """A failed storage operation; ``.errno`` says why (the NFS layer maps it to nfsstat3)."""

    def __init__(self, errno: int, msg: str = "") -> None:
        super().__init__(errno, msg or os.strerror(errno))


class NotSync(StorageError):
    """SETATTR guard mismatch (NFS3ERR_NOT_SYNC); errno EINVAL for generic mappers."""

    def __init__(self) -> None:
        super().__init__(_errno.EINVAL, "ctime guard does not match")


class FileType(enum.IntEnum):
    """Object type, with the NFSv3 ftype3 values (RFC 1813 §2.6)."""

    REG = 1
    DIR = 2
    BLK = 3
    CHR = 4
    LNK = 5
    SOCK = 6
    FIFO = 7


class CreateMode(enum.IntEnum):
    """createmode3 (RFC 1813 §3.3.8)."""

    UNCHECKED = 0  # an existing regular file is returned as is
    GUARDED = 1  # an existing name fails with EEXIST
    EXCLUSIVE = 2  # 8-byte verifier: a retransmission with the same verifier succeeds


@dataclass(frozen=True, slots=True)
class Cred:
    """AUTH_SYS credential the backend acts as (squashing was applied above)."""

    uid: int
    gid: int
    gids: tuple[int, ...] = ()

    def in_group(self, gid: int) -> bool:
        return gid == self.gid or gid in self.gids


ROOT = Cred(0, 0)


@dataclass(frozen=True, slots=True)
class Attrs:
    """Object attributes (fattr3 shaped). ``mode`` holds only the 12 permission bits."""

    type: FileType
    mode: int
    nlink: int
    uid: int
    gid: int
    size: int
    used: int
    rdev: tuple[int, int]  # (major, minor)
    fsid: int
    fileid: int
    atime: tuple[int, int]  # (seconds, nanoseconds)
    mtime: tuple[int, int]
    ctime: tuple[int, int]


@dataclass(frozen=True, slots=True)
class SetAttrs:
    """Attributes to change; None leaves a field alone (sattr3 shaped)."""

    mode: int | None = None
    uid: int | None = None
    gid: int | None = None
    size: int | None = None
    atime: TimeSpec | None = None
    mtime: TimeSpec | None = None


@dataclass(frozen=True, slots=True)
class DirEntry:
    """One directory entry; ``attrs`` is filled only by ``readdir(..., plus=True)``."""

    name: bytes
    fileid: int
    cookie: int
    fid: FileId
    attrs: Attrs | None = None


@dataclass(frozen=True, slots=True)
class ReadDir:
    """One page of a directory listing.

    ``cookieverf`` (8 bytes, never all zero) changes whenever the directory changes, so the NFS
    layer can answer NFS3ERR_BAD_COOKIE to a client paging with a stale verifier.
    """

    entries: list[DirEntry]
    eof: bool
    cookieverf: bytes


@dataclass(frozen=True, slots=True)
class FsStat:
    """FSSTAT3 numbers: total, free, available-to-user bytes and files."""

    tbytes: int
    fbytes: int
    abytes: int
    tfiles: int
    ffiles: int
    afiles: int


@dataclass(frozen=True, slots=True)
class PathConf:
    """PATHCONF3 answers (RFC 1813 §3.3.20)."""

    linkmax: int
    name_max: int = 255
    no_trunc: bool = True
    chown_restricted: bool = True
    case_insensitive: bool = False
    case_preserving: bool = True


def check_name(name: bytes) -> None:
    """Raise EINVAL for a name no directory can hold, ENAMETOOLONG past 255 bytes.

    Choice: "/" gives EINVAL here (the NFS layer may turn it into NFS3ERR_ACCES as knfsd does).
    """
    if not name or b"/" in name or b"\0" in name:
        raise StorageError(_errno.EINVAL, f"invalid name {name!r}")
    if len(name) > 255:
        raise StorageError(_errno.ENAMETOOLONG)


def check_range(offset: int, length: int) -> None:
    """Raise EINVAL for a negative offset or a length < 1 (fallocate's rule), EFBIG when
    the range ends past the largest file offset."""
    if offset < 0 or length < 1:
        raise StorageError(_errno.EINVAL, "empty or negative range")
    if offset + length > _OFF_MAX:
        raise StorageError(_errno.EFBIG)


def check_xattr_name(name: bytes) -> bytes:
    """The full name (``user.`` + `name`) of an xattr key; EINVAL for an empty key or one
    holding NUL, ENAMETOOLONG past XATTR_NAME_MAX with its prefix."""
    if not name or b"\0" in name:
        raise StorageError(_errno.EINVAL, "bad xattr name")
    if len(name) + len(XATTR_PREFIX) > XATTR_NAME_MAX:
        raise StorageError(_errno.ENAMETOOLONG)
    return XATTR_PREFIX + name


class StorageBackend(abc.ABC):
    """One export's objects.  Required methods are abstract; optional ones have defaults.

    Every method may also raise ``StorageError(ESTALE)`` when a FileId it receives names an
    object that no longer exists, ``EACCES``/``EPERM`` when ``cred`` may not do it, and
    ``ENOTDIR`` when a directory FileId names a non-directory.
    """

    #: 8 bytes, fixed for the life of this backend instance (one server boot): WRITE/COMMIT
    #: verifier (RFC 1813 §3.3.7).  Constructors accept it, or pick a random one.
    write_verifier: bytes

    # -- objects and attributes ----------------------------------------------------------

    @abc.abstractmethod
    async def root(self, export_path: str | bytes | None = None) -> FileId:
        """Required.  FileId of the export root.

        ``export_path`` None or "/" means the backend's own root; otherwise a "/"-separated
        path below it, resolved like `lookup` (no symlinks, no escape).
        Raises: ENOENT/ENOTDIR if the path does not name a directory.
        """

    @abc.abstractmethod
    async def getattr(self, fid: FileId, cred: Cred | None = None) -> Attrs:
        """Required.  Attributes of ``fid`` (no permission needed, as in NFS GETATTR)."""

    @abc.abstractmethod
    async def setattr(
        self,
        fid: FileId,
        attrs: SetAttrs,
        cred: Cred,
        guard_ctime: tuple[int, int] | None = None,
    ) -> Attrs:
        """Required.  Change the fields of ``attrs`` that are not None; returns new Attrs.

        Permissions (as the kernel's notify_change): mode, explicit times: owner or root
        (EPERM); uid change: root only (EPERM); gid: root, or the owner to one of its groups;
        size: write permission (the owner always may, like knfsd's owner override);
        SERVER_TIME: owner, root or anyone with write permission (EACCES).
        Mode on a symlink is ignored (as knfsd does).
        Raises: EINVAL (size on a non-file; EISDIR for a directory); EPERM/EACCES as above;
            NotSync if ``guard_ctime`` is given and differs from the object's ctime (nothing
            is changed; RFC 1813 §3.3.2 NFS3ERR_NOT_SYNC).
        """

    @abc.abstractmethod
    async def lookup(self, dir: FileId, name: bytes, cred: Cred) -> FileId:
        """Required.  The object ``name`` in ``dir`` ("." and ".." allowed; never follows).

        Needs search (x) permission on ``dir``.
        Raises: ENOENT, ENOTDIR, EACCES, EXDEV (vfs: the name is another mount).
        """

    async def lookup_attrs(self, dir: FileId, name: bytes, cred: Cred) -> tuple[FileId, Attrs]:
        """Optional.  `lookup` and `getattr` in one step (fast path for READDIRPLUS)."""
        fid = await self.lookup(dir, name, cred)
        return fid, await self.getattr(fid)

    @abc.abstractmethod
    async def access(self, fid: FileId, mask: int, cred: Cred) -> int:
        """Required.  The subset of ACCESS_* bits in ``mask`` that ``cred`` is granted."""

    @abc.abstractmethod
    async def readlink(self, fid: FileId, cred: Cred) -> bytes:
        """Required.  A symlink's target.  Raises: EINVAL if ``fid`` is not a symlink."""

    # -- data ------------------------------------------------------------------------------

    @abc.abstractmethod
    async def read(
        self, fid: FileId, offset: int, count: int, pool: PagePool, cred: Cred
    ) -> tuple[BvecList, bool]:
        """Required.  Up to ``count`` bytes at ``offset`` in pool pages, and eof.

        Returns: an owner BvecList (the caller releases it) trimmed to the bytes read, and
            True if the read reached end of file.
        Needs read permission (or execute, as knfsd allows; the owner always may).
        Raises: EISDIR / EINVAL for non-files; EACCES; PoolTooSmall if count exceeds the pool.
        """

    async def read_with_attrs(
        self, fid: FileId, offset: int, count: int, pool: PagePool, cred: Cred
    ) -> tuple[BvecList, bool, Attrs]:
        """Optional.  `read` plus the file's attributes (NFS READ returns them): backends
        that learn them while reading override this and save a stat per READ."""
        bvecs, eof = await self.read(fid, offset, count, pool, cred)
        try:
            return bvecs, eof, await self.getattr(fid)
        except BaseException:
            bvecs.release()
            raise

    @abc.abstractmethod
    async def write(
        self, fid: FileId, offset: int, data: BvecList, stable: bool, cred: Cred
    ) -> int:
        """Required.  Write all of ``data`` at ``offset``; returns the byte count written.

        ``data`` stays owned by the caller.  ``stable`` (DATA_SYNC/FILE_SYNC) makes the data
        and metadata durable before returning.  Needs write permission (owner override).
        A non-root caller's write (and truncate) clears S_ISUID/S_ISGID as a local write by
        that user would (storage._perm.killed_privs).
        Raises: EISDIR / EINVAL for non-files; EACCES; ENOSPC; EFBIG.
        """

    async def write_with_attrs(
        self, fid: FileId, offset: int, data: BvecList, stable: bool, cred: Cred
    ) -> tuple[int, Attrs | None, Attrs | None]:
        """Optional.  `write` plus the file's attributes just before and just after it (an
        NFS WRITE's wcc_data; None where they could not be read): backends that stat the
        file around the write anyway override this and save two stats per WRITE."""
        try:
            before: Attrs | None = await self.getattr(fid)
        except OSError:
            before = None
        n = await self.write(fid, offset, data, stable, cred)
        try:
            after: Attrs | None = await self.getattr(fid)
        except OSError:
            after = None
        return n, before, after

    async def commit(self, fid: FileId, cred: Cred, offset: int = 0, count: int = 0) -> None:
        """Optional (default: nothing to do).  Make earlier unstable writes durable."""
        return None

    # -- NFSv4.2: sparse files, space, server-side copy (RFC 7862) --------------------------
    # Permissions are a READ's (seek, the source of a copy or clone) or a WRITE's (the
    # rest, and the destination): owner override included, and a non-root caller's change
    # clears S_ISUID/S_ISGID as its WRITE would (storage._perm.killed_privs).  Non-files
    # raise EISDIR / EINVAL as `read` and `write` do.

    async def seek(self, fid: FileId, offset: int, what: Content, cred: Cred) -> int | None:
        """Optional.  The offset of the first byte of `what` at or after `offset`
        (lseek SEEK_DATA / SEEK_HOLE; the end of file counts as a hole).

        Returns: that offset, or None when no data follows `offset` (a trailing hole).
        Raises: ENXIO when `offset` is at or past the end of file; EOPNOTSUPP.
        """
        raise StorageError(_errno.EOPNOTSUPP)

    async def allocate(self, fid: FileId, offset: int, length: int, cred: Cred) -> None:
        """Optional.  Reserve blocks for [offset, offset + length) (fallocate mode 0): the
        file grows to offset + length if it was shorter.

        Raises: EINVAL (length 0, negative offset), EFBIG, ENOSPC, EOPNOTSUPP.
        """
        raise StorageError(_errno.EOPNOTSUPP)

    async def deallocate(self, fid: FileId, offset: int, length: int, cred: Cred) -> None:
        """Optional.  Punch a hole over [offset, offset + length): it reads back as zeros,
        the size is kept (fallocate PUNCH_HOLE | KEEP_SIZE).

        Raises: EINVAL (length 0, negative offset), EFBIG, EOPNOTSUPP.
        """
        raise StorageError(_errno.EOPNOTSUPP)

    async def copy_range(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                         count: int, cred: Cred) -> int:
        """Optional.  Copy `count` bytes (0: up to the source's end of file) from `src` to
        `dst`, at most `COPY_CHUNK` of them per call (copy_file_range).

        Returns: the bytes copied (less than asked: call again for the rest).
        Raises: EINVAL when the source range passes the source's end of file (RFC 7862
            15.2.3) or the two ranges of one file overlap; EFBIG; ENOSPC; EOPNOTSUPP.
        """
        raise StorageError(_errno.EOPNOTSUPP)

    async def clone_range(self, src: FileId, src_offset: int, dst: FileId, dst_offset: int,
                          count: int, cred: Cred) -> None:
        """Optional.  Share the blocks of `count` bytes (0: to the source's end of file) of
        `src` with `dst` (FICLONERANGE), all or nothing.

        Raises: EOPNOTSUPP / EXDEV when the file system cannot share them; EINVAL for
            unaligned or overlapping ranges or a source range past end of file.
        """
        raise StorageError(_errno.EOPNOTSUPP)

    # -- extended attributes, user. namespace (RFC 8276) -----------------------------------
    # `name` is the key without "user." (`check_xattr_name`).  Only regular files and
    # directories carry user xattrs (the kernel's xattr_permission): reading another type's
    # is ENODATA, writing EPERM.  Reads need read permission, writes write permission (no
    # owner override), and in a sticky directory only its owner or root may write.

    async def xattr_support(self, fid: FileId) -> bool:
        """Optional.  Does the object's file system keep user xattrs?"""
        return False

    async def getxattr(self, fid: FileId, name: bytes, cred: Cred) -> bytes:
        """Optional.  The value of `name`.  Raises: ENODATA, EACCES, EOPNOTSUPP."""
        raise StorageError(_errno.EOPNOTSUPP)

    async def setxattr(self, fid: FileId, name: bytes, value: bytes, how: XattrHow,
                       cred: Cred) -> None:
        """Optional.  Set `name` to `value` (`XattrHow`).

        Raises: EEXIST (CREATE), ENODATA (REPLACE), E2BIG (value past XATTR_SIZE_MAX),
            ENOSPC (more than the file system keeps), EPERM, EACCES, EOPNOTSUPP.
        """
        raise StorageError(_errno.EOPNOTSUPP)

    async def listxattrs(self, fid: FileId, cred: Cred) -> list[bytes]:
        """Optional.  The user xattr keys of the object, sorted (a stable order for
        paging).  Raises: EACCES, EOPNOTSUPP."""
        raise StorageError(_errno.EOPNOTSUPP)

    async def removexattr(self, fid: FileId, name: bytes, cred: Cred) -> None:
        """Optional.  Remove `name`.  Raises: ENODATA, EPERM, EACCES, EOPNOTSUPP."""
        raise StorageError(_errno.EOPNOTSUPP)

    # -- namespace -------------------------------------------------------------------------

    @abc.abstractmethod
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
        """Required.  Create a regular file owned by ``cred`` (gid from a setgid ``dir``;
        S_ISGID kept only as the kernel's inode_init_owner would, storage._perm.create_owner).

        UNCHECKED returns an existing regular file untouched; GUARDED fails with EEXIST.
        EXCLUSIVE stores the 8-byte ``verifier`` in the new file's times, as knfsd does
        (mtime.sec = verifier[0:4], atime.sec = verifier[4:8], top bits masked): a create
        of the same name with the same verifier returns the file, another verifier EEXIST.
        The client then sets the real attributes with SETATTR (RFC 1813 §3.3.8).
        Needs write and search permission on ``dir``.
        Raises: EEXIST, EISDIR (UNCHECKED over a non-file), EINVAL (bad name or verifier).
        """

    @abc.abstractmethod
    async def mkdir(self, dir: FileId, name: bytes, perm: int, cred: Cred) -> FileId:
        """Required.  Create a directory.  Raises: EEXIST, EACCES."""

    @abc.abstractmethod
    async def symlink(self, dir: FileId, name: bytes, target: bytes, cred: Cred) -> FileId:
        """Required.  Create a symlink holding ``target`` verbatim (never resolved)."""

    @abc.abstractmethod
    async def mknod(
        self,
        dir: FileId,
        name: bytes,
        ftype: FileType,
        perm: int,
        rdev: tuple[int, int],
        cred: Cred,
    ) -> FileId:
        """Required.  Create a BLK/CHR (root only, else EPERM), SOCK or FIFO node.

        Raises: EINVAL (BADTYPE) for REG, DIR or LNK.
        """

    @abc.abstractmethod
    async def remove(self, dir: FileId, name: bytes, cred: Cred) -> None:
        """Required.  Unlink a non-directory.  Raises: ENOENT, EISDIR, EACCES/EPERM (sticky)."""

    @abc.abstractmethod
    async def rmdir(self, dir: FileId, name: bytes, cred: Cred) -> None:
        """Required.  Remove an empty directory.  Raises: ENOTEMPTY, ENOTDIR, EINVAL (".")."""

    @abc.abstractmethod
    async def rename(
        self, src_dir: FileId, src_name: bytes, dst_dir: FileId, dst_name: bytes, cred: Cred
    ) -> None:
        """Required.  Rename, replacing an existing compatible target (POSIX rename).

        Raises: ENOENT, EISDIR/ENOTDIR (type mismatch), ENOTEMPTY, EINVAL (into own
        subtree, or "." / ".."), EXDEV, EACCES/EPERM.
        """

    @abc.abstractmethod
    async def link(self, fid: FileId, dir: FileId, name: bytes, cred: Cred) -> None:
        """Required.  Hard link ``fid`` as ``name`` in ``dir``.  Raises: EEXIST, EPERM (dir)."""

    @abc.abstractmethod
    async def readdir(
        self, dir: FileId, cookie: int, count: int, cred: Cred, *, plus: bool = False
    ) -> ReadDir:
        """Required.  Up to ``count`` entries after ``cookie`` (0: from the start).

        Entries exclude "." and ".."; cookies start at FIRST_COOKIE and stay stable while
        the directory is unchanged (same ``cookieverf``).  ``plus`` fills ``attrs``.
        Needs read permission on ``dir``.
        """

    async def cookieverf(self, dir: FileId) -> bytes:
        """Optional.  The directory's current cookie verifier (see `ReadDir`)."""
        return (await self.readdir(dir, 0, 0, ROOT)).cookieverf

    # -- file system -----------------------------------------------------------------------

    @abc.abstractmethod
    async def statfs(self, fid: FileId, cred: Cred | None = None) -> FsStat:
        """Required.  Space and file counts of the file system holding ``fid``."""

    async def pathconf(self, fid: FileId, cred: Cred | None = None) -> PathConf:
        """Optional.  POSIX limits; the default suits Linux local file systems."""
        return PathConf(linkmax=65000)
