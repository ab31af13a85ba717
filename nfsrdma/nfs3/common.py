"""Policy shared by every NFSv3 procedure: handle resolution, export gates, status mapping.

Operation: a procedure calls `resolve()` on each handle it receives.  That one function
decodes and authenticates the handle, finds its export, applies the export's client rule
(allowed client, secure port, squashing) and, for modifying procedures, the read-only gate.
Storage errors become NFS statuses through `status_of()` only, so every procedure maps the
same errno to the same status.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from nfsrdma.fh import BadHandle
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.xdr import Status
from storage.backend import Attrs, StorageError
from storage.backend import check_name as storage_check_name

if TYPE_CHECKING:
    from nfsrdma.service import ExportRuntime, NfsService
    from rpc.dispatch import CallContext
    from storage.backend import Cred, FileId


# Largest byte offset + 1 a file may reach: off_t max, what FSINFO advertises as maxfilesize.
# offset3 is a uint64, so the NFS layer checks the range itself: past it, pwritev/ftruncate
# would fail with EINVAL or not take the value at all (RFC 1813 §3.3.7: NFS3ERR_FBIG).
MAX_FILE_SIZE = (1 << 63) - 1


class NfsError(Exception):
    """Raised inside a procedure to end it with `status` (the procedure builds resfail)."""

    def __init__(self, status: int, msg: str = "") -> None:
        super().__init__(msg or Status(status).name)
        self.status = status


# errno -> nfsstat3 (RFC 1813 §2.6).  Anything unknown is an I/O error, which is what knfsd
# reports for errors it has no better status for (nfserrno() falls back to nfserr_io).
_ERRNO_STATUS = {
    errno.EPERM: Status.NFS3ERR_PERM,
    errno.ENOENT: Status.NFS3ERR_NOENT,
    errno.EIO: Status.NFS3ERR_IO,
    errno.ENXIO: Status.NFS3ERR_NXIO,
    errno.EACCES: Status.NFS3ERR_ACCES,
    errno.EEXIST: Status.NFS3ERR_EXIST,
    errno.EXDEV: Status.NFS3ERR_XDEV,
    errno.ENODEV: Status.NFS3ERR_NODEV,
    errno.ENOTDIR: Status.NFS3ERR_NOTDIR,
    errno.EISDIR: Status.NFS3ERR_ISDIR,
    errno.EINVAL: Status.NFS3ERR_INVAL,
    errno.EFBIG: Status.NFS3ERR_FBIG,
    errno.ENOSPC: Status.NFS3ERR_NOSPC,
    errno.EROFS: Status.NFS3ERR_ROFS,
    errno.EMLINK: Status.NFS3ERR_MLINK,
    errno.ENAMETOOLONG: Status.NFS3ERR_NAMETOOLONG,
    errno.ENOTEMPTY: Status.NFS3ERR_NOTEMPTY,
    errno.EDQUOT: Status.NFS3ERR_DQUOT,
    errno.ESTALE: Status.NFS3ERR_STALE,
    errno.EOPNOTSUPP: Status.NFS3ERR_NOTSUPP,
    errno.ENOTSUP: Status.NFS3ERR_NOTSUPP,
    errno.ELOOP: Status.NFS3ERR_ACCES,  # a symlink where a directory was required
    errno.EBADF: Status.NFS3ERR_BADHANDLE,
    errno.EAGAIN: Status.NFS3ERR_JUKEBOX,
    errno.EMFILE: Status.NFS3ERR_JUKEBOX,  # out of fds: transient, the client retries
    errno.ENFILE: Status.NFS3ERR_JUKEBOX,
    errno.ENOMEM: Status.NFS3ERR_JUKEBOX,
    errno.E2BIG: Status.NFS3ERR_TOOSMALL,
}


def status_of(exc: BaseException) -> int:
    """The one errno -> nfsstat3 mapping (SERVERFAULT for non-OS failures)."""
    if isinstance(exc, NfsError):
        return exc.status
    if isinstance(exc, OSError) and exc.errno is not None:
        return int(_ERRNO_STATUS.get(exc.errno, Status.NFS3ERR_IO))
    return int(Status.NFS3ERR_SERVERFAULT)


@dataclass(slots=True)
class Target:
    """A resolved handle: where it lives and who is asking."""

    export: ExportRuntime
    fid: FileId
    cred: Cred


def resolve(svc: NfsService, ctx: CallContext, fh: Any, *, write: bool = False) -> Target:
    """Authenticate `fh` and apply the export policy for this caller.

    Raises NfsError: BADHANDLE (not ours / MAC fails), STALE (export gone), ACCES (client not
    allowed by exports), PERM (insecure source port on a `secure` export), ROFS (`write` on
    a read-only export).
    """
    data = fh.data
    try:
        export_id, fid = svc.handles.decode(data)
    except BadHandle as e:
        raise NfsError(Status.NFS3ERR_BADHANDLE, str(e)) from None
    export = svc.exports_by_id.get(export_id)
    if export is None:
        raise NfsError(Status.NFS3ERR_STALE, "export no longer served")
    cred = svc.authorize(export, ctx, write=write)
    return Target(export, fid, cred)


def make_fh(svc: NfsService, export: ExportRuntime, fid: FileId) -> Any:
    return xdr.nfs_fh3.cls(svc.handles.encode(export.id, fid))


def fattr(a: Attrs) -> Any:
    """storage Attrs -> fattr3."""
    t = xdr.nfstime3.cls
    return xdr.fattr3.cls(
        int(a.type),
        a.mode & 0o7777,
        a.nlink,
        a.uid,
        a.gid,
        a.size,
        a.used,
        xdr.specdata3.cls(a.rdev[0], a.rdev[1]),
        a.fsid,
        a.fileid,
        t(a.atime[0] & 0xFFFFFFFF, a.atime[1]),
        t(a.mtime[0] & 0xFFFFFFFF, a.mtime[1]),
        t(a.ctime[0] & 0xFFFFFFFF, a.ctime[1]),
    )


def wcc_pre(a: Attrs | None) -> Any:
    if a is None:
        return None
    t = xdr.nfstime3.cls
    return xdr.wcc_attr.cls(
        a.size, t(a.mtime[0] & 0xFFFFFFFF, a.mtime[1]), t(a.ctime[0] & 0xFFFFFFFF, a.ctime[1])
    )


async def post_attr(target: Target, fid: FileId | None = None) -> Any:
    """post_op_attr for `fid` (default the target); None when it cannot be read."""
    try:
        a = await target.export.backend.getattr(target.fid if fid is None else fid)
    except (StorageError, OSError):
        return None
    return fattr(a)


async def pre_attr(target: Target) -> Attrs | None:
    try:
        return await target.export.backend.getattr(target.fid)
    except (StorageError, OSError):
        return None


async def wcc(target: Target, before: Attrs | None) -> Any:
    return xdr.wcc_data.cls(wcc_pre(before), await post_attr(target))


def empty_wcc() -> Any:
    return xdr.wcc_data.cls(None, None)


def check_name(name: bytes) -> None:
    """Storage's name rule (EINVAL, ENAMETOOLONG), except that a "/" is NFS3ERR_ACCES, as
    knfsd answers it (RFC 1813 §3.3.3)."""
    if b"/" in name:
        raise NfsError(Status.NFS3ERR_ACCES)
    storage_check_name(name)


def ok(res: Any, *fields: Any) -> Any:
    """NFS3_OK arm of result union `res` built from its resok fields."""
    from rpc.xdr import UnionValue

    return UnionValue(0, res.arms[0][1].cls(*fields))


def fail(res: Any, status: int, *fields: Any) -> Any:
    """Failure arm of result union `res` (resfail fields, or void)."""
    from rpc.xdr import UnionValue

    arm = res.default[1]
    return UnionValue(status, arm.cls(*fields) if fields else None)
