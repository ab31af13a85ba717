"""READDIR and READDIRPLUS (RFC 1813 §3.3.16, §3.3.17).

Operation: storage pages through the directory by cookie; this module only fits entries
into the client's byte budget.  Sizes are computed from the XDR encoding of each entry so a
reply never exceeds `count` (READDIR) or `maxcount` (READDIRPLUS) and `dircount` bounds the
directory-information part as the RFC asks.  Cookies are name hashes (storage/_dircache),
so they keep their meaning when the directory changes: the verifier in each reply shows the
directory's version, and an older verifier is still accepted (RFC 1813 §3.3.16 leaves that
to the server) because resuming after an old cookie neither skips nor repeats a name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nfsrdma.nfs3 import xdr
from nfsrdma.nfs3.common import (
    EXPECTED,
    ErrorKind,
    NfsError,
    fail,
    fattr,
    make_fh,
    ok,
    post_attr,
    resolve,
    status_of,
)
from nfsrdma.nfs3.xdr import Status
from storage.backend import DirEntry

if TYPE_CHECKING:
    from nfsrdma.service import NfsService
    from rpc.dispatch import CallContext

# Fixed reply overhead: status + post_op_attr (4 + 84) + cookieverf (8) + list end + eof.
REPLY_OVERHEAD = 4 + 88 + 8 + 4 + 4
# The RPC reply header around it (xid, type, verifier, accept status).
RPC_OVERHEAD = 24
ATTR_SIZE = 4 + 84
MIN_COUNT = 128


def _pad4(n: int) -> int:
    return (n + 3) & ~3


def _entry_size(name: bytes) -> int:
    """value-follows + fileid + name<> + cookie."""
    return 4 + 8 + 4 + _pad4(len(name)) + 8


async def _dots(t: Any, cookie: int, plus: bool) -> list[DirEntry]:
    """The "." and ".." entries still due after `cookie` (0: both, 1: only "..")."""
    backend = t.export.backend
    parent = await backend.lookup(t.fid, b"..", t.cred)
    out = []
    for name, fid, c in ((b".", t.fid, 1), (b"..", parent, 2)):
        if c <= cookie:
            continue
        a = await backend.getattr(fid)
        out.append(DirEntry(name, a.fileid, c, fid, a if plus else None))
    return out


async def _page(svc: NfsService, ctx: CallContext, args: Any, plus: bool) -> Any:
    res = xdr.READDIRPLUS3res if plus else xdr.READDIR3res
    try:
        t = resolve(svc, ctx, args.dir)
    except EXPECTED as e:
        return fail(res, status_of(e), None)
    backend = t.export.backend
    maxcount = args.maxcount if plus else args.count
    dircount = args.dircount if plus else args.count
    budget = min(maxcount, svc.config.dtmax) - REPLY_OVERHEAD - RPC_OVERHEAD
    try:
        if budget < _entry_size(b"x"):
            raise NfsError(ErrorKind.TOOSMALL)
        # Ask storage for about as many names as could fit; it may return fewer.
        want = max(1, budget // (_entry_size(b"") + (ATTR_SIZE + 4 + 64 if plus else 0)) + 1)
        # Storage cookies start at 3; "." (1) and ".." (2) come from here, as knfsd sends them.
        page = await backend.readdir(t.fid, args.cookie if args.cookie > 2 else 0, want, t.cred,
                                     plus=plus)
        verf = page.cookieverf
        entries, eof = page.entries, page.eof
        if args.cookie < 2:
            entries = [*await _dots(t, args.cookie, plus), *entries]
    except EXPECTED as e:
        return fail(res, status_of(e), await post_attr(t))
    out: list[Any] = []
    used = 0
    dirused = 0
    for ent in entries:
        size = _entry_size(ent.name)
        if plus:
            attrs = fattr(ent.attrs) if ent.attrs is not None else None
            if attrs is None and ent.fid is not None:
                try:
                    attrs = fattr(await backend.getattr(ent.fid))
                except OSError:
                    attrs = None
            fh = make_fh(svc, t.export, ent.fid) if ent.fid is not None else None
            full = size + 4 + (84 if attrs else 0) + 4 + (4 + _pad4(len(fh.data)) if fh else 0)
            if used + full > budget or dirused + size > dircount:
                eof = False
                break
            out.append(xdr.entryplus3.cls(ent.fileid, ent.name, ent.cookie, attrs, fh))
            used += full
            dirused += size
        else:
            if used + size > budget:
                eof = False
                break
            out.append(xdr.entry3.cls(ent.fileid, ent.name, ent.cookie))
            used += size
    if not out and not eof:
        return fail(res, int(Status.NFS3ERR_TOOSMALL), await post_attr(t))
    listcls = xdr.dirlistplus3.cls if plus else xdr.dirlist3.cls
    return ok(res, await post_attr(t), verf, listcls(out, eof))


async def readdir(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    return await _page(svc, ctx, args, plus=False)


async def readdirplus(svc: NfsService, ctx: CallContext, args: Any) -> Any:
    return await _page(svc, ctx, args, plus=True)
