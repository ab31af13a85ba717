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
- Blocking syscalls run inline: they are fast on a local filesystem.
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
    "FIRST_COOKIE",
    "SERVER_TIME",
    "Attrs",
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

    async def commit(self, fid: FileId, cred: Cred, offset: int = 0, count: int = 0) -> None:
        """Optional (default: nothing to do).  Make earlier unstable writes durable."""
        return None

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
