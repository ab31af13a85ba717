"""WRITE and COMMIT (RFC 1813 §3.3.7, §3.3.21): pool pages go to storage with pwritev."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nfsrdma.core.delegations import check
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.common import (
    EXPECTED,
    MAX_FILE_SIZE,
    ErrorKind,
    NfsError,
    empty_wcc,
    fail,
    fattr,
    ok,
    pre_attr,
    resolve,
    status_of,
    wcc,
    wcc_pre,
)

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

OK = 0
FILE_SYNC = 2
UNSTABLE = 0


async def write(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.WRITE3res
    try:
        t = resolve(svc, ctx, args.file, write=True)
    except EXPECTED as e:
        return fail(res, status_of(e), empty_wcc())
    data = args.data
    try:
        # RFC 1813 §3.3.7: `count` and the opaque's length must agree; a client that sends
        # fewer bytes than it claims is broken, and writing a guess would corrupt the file.
        if data.nbytes < args.count:
            raise NfsError(ErrorKind.INVAL, "count exceeds data")
        if args.count > svc.config.wtmax:
            raise NfsError(ErrorKind.INVAL, "count exceeds wtmax")
        if args.offset + args.count > MAX_FILE_SIZE:  # as knfsd's nfsd3_proc_write
            raise NfsError(ErrorKind.FBIG, "write past the largest file size")
        payload = data if data.nbytes == args.count else data.slice(0, args.count)
        stable = args.stable != UNSTABLE
        check(svc.delegations, t)  # a v4 delegation of the file: recalled, JUKEBOX meanwhile
        # The backend stats the file around the write (wcc_data): two stats, not four.
        n, before, after = await t.export.backend.write_with_attrs(
            t.fid, args.offset, payload, stable, t.cred)
    except EXPECTED as e:
        # Nothing was written (or the write failed): the file as it is now is its pre-op state.
        return fail(res, status_of(e), await wcc(t, await pre_attr(t)))
    committed = FILE_SYNC if stable else UNSTABLE
    post = fattr(after) if after is not None else None
    return ok(res, xdr.wcc_data.cls(wcc_pre(before), post), n, committed, svc.write_verifier)


async def commit(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.COMMIT3res
    try:
        t = resolve(svc, ctx, args.file, write=True)
    except EXPECTED as e:
        return fail(res, status_of(e), empty_wcc())
    before = await pre_attr(t)
    try:
        await t.export.backend.commit(t.fid, t.cred)
    except EXPECTED as e:
        return fail(res, status_of(e), await wcc(t, before))
    return ok(res, await wcc(t, before), svc.write_verifier)
