"""Version-neutral NFS errors: what went wrong, not how a protocol version spells it.

Operation: shared code (export policy, handle checks, name rules) and storage raise; the
protocol layer catches `EXPECTED` and turns it into its own status with one function
(`nfsrdma.nfs3.common.status_of` for nfsstat3; NFSv4 will map to nfsstat4 the same way).
`kind_of()` is the one errno -> kind table, as knfsd's `nfserrno()` is the one place
errnos become NFS errors.  Anything not in `EXPECTED` is a bug: the dispatcher logs it
with its traceback, counts it and answers SERVERFAULT.
"""

from __future__ import annotations

import enum
import errno

from storage.backend import NotSync

__all__ = ["EXPECTED", "ErrorKind", "NfsError", "kind_of", "kind_of_errno"]


class ErrorKind(enum.Enum):
    """Why an NFS operation failed, independent of the protocol version."""

    PERM = "perm"
    NOENT = "noent"
    IO = "io"
    NXIO = "nxio"
    ACCES = "acces"
    EXIST = "exist"
    XDEV = "xdev"
    NODEV = "nodev"
    NOTDIR = "notdir"
    ISDIR = "isdir"
    INVAL = "inval"
    FBIG = "fbig"
    NOSPC = "nospc"
    ROFS = "rofs"
    MLINK = "mlink"
    NAMETOOLONG = "nametoolong"
    NOTEMPTY = "notempty"
    DQUOT = "dquot"
    STALE = "stale"
    BADHANDLE = "badhandle"
    BADNAME = "badname"  # a "/" in a component: v3 says ACCES (as knfsd), v4 BADNAME
    WRONGSEC = "wrongsec"  # a flavor the export's sec= does not list: v3 ACCES, v4 WRONGSEC
    NOT_SYNC = "not_sync"
    BAD_COOKIE = "bad_cookie"
    NOTSUPP = "notsupp"
    TOOSMALL = "toosmall"
    BADTYPE = "badtype"
    DELAY = "delay"  # transient: v3 JUKEBOX, v4 DELAY; the client retries
    SERVERFAULT = "serverfault"


class NfsError(Exception):
    """An expected failure of an NFS operation, carrying its version-neutral `kind`."""

    def __init__(self, kind: ErrorKind, msg: str = "") -> None:
        super().__init__(msg or kind.name)
        self.kind = kind


#: What protocol code catches: our own errors and storage's (StorageError is an OSError).
#: Everything else is a bug and goes to the dispatcher's fault path.
EXPECTED: tuple[type[NfsError], type[OSError]] = (NfsError, OSError)

# errno -> kind.  Unknown errnos are IO, which is what knfsd answers for errors it has no
# better status for (nfserrno() falls back to nfserr_io).
_ERRNO_KIND: dict[int, ErrorKind] = {
    errno.EPERM: ErrorKind.PERM,
    errno.ENOENT: ErrorKind.NOENT,
    errno.EIO: ErrorKind.IO,
    errno.ENXIO: ErrorKind.NXIO,
    errno.EACCES: ErrorKind.ACCES,
    errno.EEXIST: ErrorKind.EXIST,
    errno.EXDEV: ErrorKind.XDEV,
    errno.ENODEV: ErrorKind.NODEV,
    errno.ENOTDIR: ErrorKind.NOTDIR,
    errno.EISDIR: ErrorKind.ISDIR,
    errno.EINVAL: ErrorKind.INVAL,
    errno.EFBIG: ErrorKind.FBIG,
    errno.ENOSPC: ErrorKind.NOSPC,
    errno.EROFS: ErrorKind.ROFS,
    errno.EMLINK: ErrorKind.MLINK,
    errno.ENAMETOOLONG: ErrorKind.NAMETOOLONG,
    errno.ENOTEMPTY: ErrorKind.NOTEMPTY,
    errno.EDQUOT: ErrorKind.DQUOT,
    errno.ESTALE: ErrorKind.STALE,
    errno.EOPNOTSUPP: ErrorKind.NOTSUPP,
    errno.ENOTSUP: ErrorKind.NOTSUPP,
    errno.ELOOP: ErrorKind.ACCES,  # a symlink where a directory was required
    errno.EBADF: ErrorKind.BADHANDLE,
    errno.EAGAIN: ErrorKind.DELAY,
    errno.EMFILE: ErrorKind.DELAY,  # out of fds: transient, the client retries
    errno.ENFILE: ErrorKind.DELAY,
    errno.ENOMEM: ErrorKind.DELAY,
    errno.E2BIG: ErrorKind.TOOSMALL,
}


def kind_of_errno(err: int | None) -> ErrorKind:
    """The one errno -> kind mapping (IO for anything unknown)."""
    if err is None:
        return ErrorKind.IO
    return _ERRNO_KIND.get(err, ErrorKind.IO)


def kind_of(exc: NfsError | OSError) -> ErrorKind:
    """The kind of an expected failure (an `NfsError` or a storage/OS error)."""
    if isinstance(exc, NfsError):
        return exc.kind
    if isinstance(exc, NotSync):  # EINVAL to generic mappers, NOT_SYNC to NFS
        return ErrorKind.NOT_SYNC
    return kind_of_errno(exc.errno)
