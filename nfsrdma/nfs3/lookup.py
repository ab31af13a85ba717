"""LOOKUP and READLINK (RFC 1813 §3.3.3, §3.3.5)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.common import (
    EXPECTED,
    check_name,
    fail,
    fattr,
    make_fh,
    ok,
    post_attr,
    resolve,
    status_of,
)

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

OK = 0


async def lookup(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.LOOKUP3res
    try:
        t = resolve(svc, ctx, args.what.dir)
    except EXPECTED as e:
        return fail(res, status_of(e), None)
    name = args.what.name
    try:
        if name not in (b".", b".."):
            check_name(name)
        fid = await t.export.backend.lookup(t.fid, name, t.cred)
        a = await t.export.backend.getattr(fid)
    except EXPECTED as e:
        return fail(res, status_of(e), await post_attr(t))
    return ok(res, make_fh(svc, t.export, fid), fattr(a), await post_attr(t))


async def readlink(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.READLINK3res
    try:
        t = resolve(svc, ctx, args.symlink)
    except EXPECTED as e:
        return fail(res, status_of(e), None)
    try:
        target = await t.export.backend.readlink(t.fid, t.cred)
    except EXPECTED as e:
        return fail(res, status_of(e), await post_attr(t))
    return ok(res, await post_attr(t), target)
