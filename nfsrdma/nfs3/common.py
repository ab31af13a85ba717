"""What every NFSv3 procedure shares: handle resolution, the one kind -> nfsstat3 mapping, and
the XDR shapes of attributes and results.

Operation: a procedure calls `resolve()` on each handle it receives (export policy lives in
`nfsrdma.core.policy`: authentication, client rule, squashing, the read-only gate).  Expected
failures (`core.errors.EXPECTED`: NfsError and storage's OSErrors) become NFS statuses
through `status_of()` only, so every procedure maps the same error to the same status.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nfsrdma.core.attrs import MAX_FILE_SIZE, check_name
from nfsrdma.core.errors import EXPECTED, ErrorKind, NfsError, kind_of
from nfsrdma.core.policy import Target
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.xdr import Status
from rpc.xdr import UnionValue
from storage.backend import Attrs

if TYPE_CHECKING:
    from nfsrdma.core.policy import ExportRuntime
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext
    from storage.backend import FileId

_pack_fattr3 = xdr.fattr3_packer.pack
_pack_wcc_attr = xdr.wcc_attr_packer.pack

__all__ = [
    "EXPECTED",
    "MAX_FILE_SIZE",
    "ErrorKind",
    "NfsError",
    "Target",
    "check_name",
    "resolve",
    "status_of",
]

# kind -> nfsstat3 (RFC 1813 §2.6).
_KIND_STATUS: dict[ErrorKind, int] = {
    ErrorKind.PERM: Status.NFS3ERR_PERM,
    ErrorKind.NOENT: Status.NFS3ERR_NOENT,
    ErrorKind.IO: Status.NFS3ERR_IO,
    ErrorKind.NXIO: Status.NFS3ERR_NXIO,
    ErrorKind.ACCES: Status.NFS3ERR_ACCES,
    ErrorKind.EXIST: Status.NFS3ERR_EXIST,
    ErrorKind.XDEV: Status.NFS3ERR_XDEV,
    ErrorKind.NODEV: Status.NFS3ERR_NODEV,
    ErrorKind.NOTDIR: Status.NFS3ERR_NOTDIR,
    ErrorKind.ISDIR: Status.NFS3ERR_ISDIR,
    ErrorKind.INVAL: Status.NFS3ERR_INVAL,
    ErrorKind.FBIG: Status.NFS3ERR_FBIG,
    ErrorKind.NOSPC: Status.NFS3ERR_NOSPC,
    ErrorKind.ROFS: Status.NFS3ERR_ROFS,
    ErrorKind.MLINK: Status.NFS3ERR_MLINK,
    ErrorKind.NAMETOOLONG: Status.NFS3ERR_NAMETOOLONG,
    ErrorKind.NOTEMPTY: Status.NFS3ERR_NOTEMPTY,
    ErrorKind.DQUOT: Status.NFS3ERR_DQUOT,
    ErrorKind.STALE: Status.NFS3ERR_STALE,
    ErrorKind.BADHANDLE: Status.NFS3ERR_BADHANDLE,
    # RFC 1813 §3.3.3 has no BADNAME; knfsd answers a "/" in a component with ACCES.
    ErrorKind.BADNAME: Status.NFS3ERR_ACCES,
    # knfsd's nfsd3_map_status turns nfserr_wrongsec into ACCES: v3 has no WRONGSEC.
    ErrorKind.WRONGSEC: Status.NFS3ERR_ACCES,
    ErrorKind.NOT_SYNC: Status.NFS3ERR_NOT_SYNC,
    ErrorKind.BAD_COOKIE: Status.NFS3ERR_BAD_COOKIE,
    ErrorKind.NOTSUPP: Status.NFS3ERR_NOTSUPP,
    ErrorKind.TOOSMALL: Status.NFS3ERR_TOOSMALL,
    ErrorKind.BADTYPE: Status.NFS3ERR_BADTYPE,
    ErrorKind.DELAY: Status.NFS3ERR_JUKEBOX,
    ErrorKind.SERVERFAULT: Status.NFS3ERR_SERVERFAULT,
}


def status_of(exc: NfsError | OSError) -> int:
    """The one error -> nfsstat3 mapping.  Only `EXPECTED` errors come here: anything else is
    a bug the dispatcher logs, counts and answers SERVERFAULT (`program.build_program`)."""
    return int(_KIND_STATUS[kind_of(exc)])


def resolve(svc: NfsService, ctx: CallContext, fh: Any, *, write: bool = False) -> Target:
    """Resolve an nfs_fh3 for this caller (`core.policy.ExportPolicy.resolve`).

    Raises NfsError: BADHANDLE, STALE, ACCES, PERM, ROFS (`write` on a read-only export).
    """
    return svc.resolve(fh.data, ctx, write=write)


def make_fh(svc: NfsService, export: ExportRuntime, fid: FileId) -> Any:
    return xdr.nfs_fh3.cls(svc.policy.make_handle(export, fid))


def fattr(a: Attrs) -> bytes:
    """storage Attrs -> fattr3, as its wire bytes (the generated packer: one call, no object
    per field; every codec holding a fattr3 takes them in place of an instance)."""
    at, mt, ct = a.atime, a.mtime, a.ctime
    return _pack_fattr3(
        a.type, a.mode & 0o7777, a.nlink, a.uid, a.gid, a.size, a.used, a.rdev[0], a.rdev[1],
        a.fsid, a.fileid, at[0] & 0xFFFFFFFF, at[1], mt[0] & 0xFFFFFFFF, mt[1],
        ct[0] & 0xFFFFFFFF, ct[1],
    )


def wcc_pre(a: Attrs | None) -> bytes | None:
    """storage Attrs -> the wcc_attr of a pre_op_attr (its wire bytes), None: no attributes."""
    if a is None:
        return None
    mt, ct = a.mtime, a.ctime
    return _pack_wcc_attr(a.size, mt[0] & 0xFFFFFFFF, mt[1], ct[0] & 0xFFFFFFFF, ct[1])


async def post_attr(target: Target, fid: FileId | None = None) -> Any:
    """post_op_attr for `fid` (default the target); None when it cannot be read."""
    try:
        a = await target.export.backend.getattr(target.fid if fid is None else fid)
    except OSError:
        return None
    return fattr(a)


async def pre_attr(target: Target) -> Attrs | None:
    try:
        return await target.export.backend.getattr(target.fid)
    except OSError:
        return None


async def wcc(target: Target, before: Attrs | None) -> Any:
    return xdr.wcc_data.cls(wcc_pre(before), await post_attr(target))


def empty_wcc() -> Any:
    return xdr.wcc_data.cls(None, None)


def ok(res: Any, *fields: Any) -> Any:
    """NFS3_OK arm of result union `res` built from its resok fields."""
    return UnionValue(0, res.arms[0][1].cls(*fields))


def fail(res: Any, status: int, *fields: Any) -> Any:
    """Failure arm of result union `res` (resfail fields, or void)."""
    arm = res.default[1]
    return UnionValue(status, arm.cls(*fields) if fields else None)
