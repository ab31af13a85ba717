"""FSSTAT, FSINFO, PATHCONF (RFC 1813 §3.3.18-§3.3.20) and NULL."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.common import EXPECTED, MAX_FILE_SIZE, fail, ok, post_attr, resolve, status_of

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext


async def null(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    return None


async def fsstat(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.FSSTAT3res
    try:
        t = resolve(svc, ctx, args.fsroot)
    except EXPECTED as e:
        return fail(res, status_of(e), None)
    try:
        s = await t.export.backend.statfs(t.fid)
    except EXPECTED as e:
        return fail(res, status_of(e), await post_attr(t))
    return ok(res, await post_attr(t), s.tbytes, s.fbytes, s.abytes, s.tfiles, s.ffiles,
              s.afiles, 0)


async def fsinfo(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.FSINFO3res
    try:
        t = resolve(svc, ctx, args.fsroot)
    except EXPECTED as e:
        return fail(res, status_of(e), None)
    c = svc.config
    props = xdr.FSF3_LINK | xdr.FSF3_SYMLINK | xdr.FSF3_HOMOGENEOUS | xdr.FSF3_CANSETTIME
    return ok(
        res,
        await post_attr(t),
        c.rtmax, c.rtmax, 4096,  # rtmax, rtpref, rtmult
        c.wtmax, c.wtmax, 4096,  # wtmax, wtpref, wtmult
        c.dtmax,  # dtpref
        MAX_FILE_SIZE,  # maxfilesize: off_t max
        xdr.nfstime3.cls(0, 1),  # time_delta: nanosecond timestamps
        props,
    )


async def pathconf(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.PATHCONF3res
    try:
        t = resolve(svc, ctx, args.object)
    except EXPECTED as e:
        return fail(res, status_of(e), None)
    try:
        p = await t.export.backend.pathconf(t.fid)
    except EXPECTED as e:
        return fail(res, status_of(e), await post_attr(t))
    return ok(res, await post_attr(t), p.linkmax, p.name_max, p.no_trunc, p.chown_restricted,
              p.case_insensitive, p.case_preserving)
