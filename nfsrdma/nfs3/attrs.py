"""GETATTR, SETATTR, ACCESS (RFC 1813 §3.3.1, §3.3.2, §3.3.4)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nfsrdma.core.attrs import is_empty
from nfsrdma.core.delegations import check
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.common import (
    EXPECTED,
    MAX_FILE_SIZE,
    ErrorKind,
    NfsError,
    fail,
    fattr,
    ok,
    post_attr,
    pre_attr,
    resolve,
    status_of,
    wcc,
)
from storage.backend import SetAttrs

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

OK = 0


async def getattr_(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    try:
        t = resolve(svc, ctx, args.object)
        a = await t.export.backend.getattr(t.fid)
    except EXPECTED as e:
        return fail(xdr.GETATTR3res, status_of(e))
    return ok(xdr.GETATTR3res, fattr(a))


def to_setattrs(s: Any) -> SetAttrs:
    """sattr3 -> storage SetAttrs (None means leave unchanged).

    Raises NfsError(FBIG) for a size past MAX_FILE_SIZE (size3 is a uint64; ftruncate cannot
    take it).
    """
    if s.size is not None and s.size > MAX_FILE_SIZE:
        raise NfsError(ErrorKind.FBIG, "size past the largest file size")

    def when(t: Any) -> Any:
        if t.tag == 1:
            return ("server",)
        if t.tag == 2:
            return (t.value.seconds, t.value.nseconds)
        return None

    return SetAttrs(
        mode=None if s.mode is None else s.mode & 0o7777,
        uid=s.uid,
        gid=s.gid,
        size=s.size,
        atime=when(s.atime),
        mtime=when(s.mtime),
    )


async def setattr_(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.SETATTR3res
    try:
        t = resolve(svc, ctx, args.object, write=True)
    except EXPECTED as e:
        return fail(res, status_of(e), xdr.wcc_data.cls(None, None))
    before = await pre_attr(t)
    try:
        if args.guard is not None:
            # RFC 1813 §3.3.2: the guard compares the object's ctime with the client's.
            if before is None or (before.ctime[0], before.ctime[1]) != (
                args.guard.seconds,
                args.guard.nseconds,
            ):
                raise NfsError(ErrorKind.NOT_SYNC)
        sa = to_setattrs(args.new_attributes)
        check(svc.delegations, t)  # a v4 delegation of the file: recalled, JUKEBOX meanwhile
        if not is_empty(sa):
            await t.export.backend.setattr(t.fid, sa, t.cred)
    except EXPECTED as e:
        return fail(res, status_of(e), await wcc(t, before))
    return ok(res, await wcc(t, before))


MODIFY_BITS = xdr.ACCESS3_MODIFY | xdr.ACCESS3_EXTEND | xdr.ACCESS3_DELETE


async def access(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.ACCESS3res
    try:
        t = resolve(svc, ctx, args.object)
    except EXPECTED as e:
        return fail(res, status_of(e), None)
    try:
        granted = await t.export.backend.access(t.fid, args.access & 0x3F, t.cred)
        if not svc.writable(t.export, ctx):
            granted &= ~MODIFY_BITS
    except EXPECTED as e:
        return fail(res, status_of(e), await post_attr(t))
    return ok(res, await post_attr(t), granted)
