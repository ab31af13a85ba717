"""REMOVE, RMDIR, RENAME, LINK (RFC 1813 §3.3.12-§3.3.15)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nfsrdma.core.delegations import check, check_named
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.common import (
    EXPECTED,
    ErrorKind,
    NfsError,
    check_name,
    empty_wcc,
    fail,
    ok,
    post_attr,
    pre_attr,
    resolve,
    status_of,
    wcc,
)

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext


async def _unlink(svc: NfsService, ctx: CallContext, args: Any, res: Any, rmdir: bool) -> Any:
    try:
        t = resolve(svc, ctx, args.object.dir, write=True)
    except EXPECTED as e:
        return fail(res, status_of(e), empty_wcc())
    before = await pre_attr(t)
    name = args.object.name
    try:
        if name in (b".", b".."):  # RFC 1813 §3.3.13: removing . or .. is invalid
            raise NfsError(ErrorKind.INVAL if rmdir else ErrorKind.ACCES)
        check_name(name)
        await check_named(svc.delegations, t, name)  # a delegated file: recalled, JUKEBOX
        if rmdir:
            await t.export.backend.rmdir(t.fid, name, t.cred)
        else:
            await t.export.backend.remove(t.fid, name, t.cred)
    except EXPECTED as e:
        return fail(res, status_of(e), await wcc(t, before))
    return ok(res, await wcc(t, before))


async def remove(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    return await _unlink(svc, ctx, args, xdr.REMOVE3res, rmdir=False)


async def rmdir(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    return await _unlink(svc, ctx, args, xdr.RMDIR3res, rmdir=True)


async def rename(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.RENAME3res
    try:
        src = resolve(svc, ctx, args.from_.dir, write=True)
        dst = resolve(svc, ctx, args.to.dir, write=True)
    except EXPECTED as e:
        return fail(res, status_of(e), empty_wcc(), empty_wcc())
    src_before = await pre_attr(src)
    dst_before = await pre_attr(dst)
    try:
        if src.export is not dst.export:
            raise NfsError(ErrorKind.XDEV)
        for name in (args.from_.name, args.to.name):
            if name in (b".", b".."):
                raise NfsError(ErrorKind.INVAL)
            check_name(name)
        await check_named(svc.delegations, src, args.from_.name)  # as REMOVE, both names
        await check_named(svc.delegations, dst, args.to.name)
        await src.export.backend.rename(src.fid, args.from_.name, dst.fid, args.to.name, src.cred)
    except EXPECTED as e:
        return fail(res, status_of(e), await wcc(src, src_before), await wcc(dst, dst_before))
    return ok(res, await wcc(src, src_before), await wcc(dst, dst_before))


async def link(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.LINK3res
    try:
        f = resolve(svc, ctx, args.file, write=True)
        d = resolve(svc, ctx, args.link.dir, write=True)
    except EXPECTED as e:
        return fail(res, status_of(e), None, empty_wcc())
    before = await pre_attr(d)
    try:
        if f.export is not d.export:
            raise NfsError(ErrorKind.XDEV)
        check_name(args.link.name)
        check(svc.delegations, f)  # a v4 delegation of the file: recalled, JUKEBOX meanwhile
        await d.export.backend.link(f.fid, d.fid, args.link.name, d.cred)
    except EXPECTED as e:
        return fail(res, status_of(e), await post_attr(f), await wcc(d, before))
    return ok(res, await post_attr(f), await wcc(d, before))
