"""READ (RFC 1813 §3.3.6): storage fills pool pages, the bvec list goes out untouched."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nfsrdma.core.delegations import check
from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.common import EXPECTED, fail, fattr, ok, post_attr, resolve, status_of

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

OK = 0


async def read(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    res = xdr.READ3res
    try:
        t = resolve(svc, ctx, args.file)
    except EXPECTED as e:
        return fail(res, status_of(e), None)
    backend = t.export.backend
    count = min(args.count, svc.config.rtmax)  # RFC 1813: the server may return less
    try:
        check(svc.delegations, t, write=False)  # a v4 write delegation: recalled, JUKEBOX
        bvecs, eof, attrs = await backend.read_with_attrs(
            t.fid, args.offset, count, svc.pool, t.cred)
    except EXPECTED as e:
        return fail(res, status_of(e), await post_attr(t))
    return ok(res, fattr(attrs), bvecs.nbytes, eof, bvecs)
