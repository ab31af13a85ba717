"""READDIR (RFC 8881 section 18.23).

Operation: entries come from storage (an export's directory) or from the pseudo tree, each
with the attributes the client asked for (`fattr.encode`), and are fitted into the reply:
``maxcount`` bounds the whole READDIR4resok (and the COMPOUND's reply budget bounds
``maxcount``), ``dircount`` the names and cookies (a hint: at least one entry is sent).
Cookies are storage's name-hash cookies (from 3; 1 and 2 are reserved, RFC 8881 18.23.3),
so they keep their meaning when the directory changes, as v3's do: the cookie verifier
shows the directory's version and an older one is still accepted.  Pseudo directories use
their entry's position + 3 (the pseudo tree only changes across restarts).

An entry whose attributes cannot be read fails the READDIR, unless the client asked for
rdattr_error: then that entry carries only its error (RFC 8881 5.8.1.12).
"""

from __future__ import annotations

import struct

from nfsrdma.core.errors import EXPECTED
from nfsrdma.core.policy import ExportRuntime
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.errors import Nfs4Error, status_of
from nfsrdma.nfs4.ops import op
from nfsrdma.nfs4.ops.attrs import attrs_of
from nfsrdma.nfs4.ops.names import not_a_dir
from nfsrdma.nfs4.pseudofs import Fh, PseudoNode, fsid_of
from storage.backend import Attrs, DirEntry, FileType

OK = S.NFS4_OK
FIRST_COOKIE = 3
# READDIR4resok around the entries: cookieverf, end of list, eof.
RESOK_OVERHEAD = 8 + 4 + 4


def _entry_size(name: bytes, f: p.fattr4) -> int:
    """value-follows + cookie + name<> + fattr4."""
    return 4 + 8 + 4 + ((len(name) + 3) & ~3) + fattr.fattr4_size(f)


class _Fitter:
    """Fits entries into maxcount and dircount."""

    __slots__ = ("dircount", "dirused", "entries", "left", "tight")

    def __init__(self, maxcount: int, dircount: int, tight: bool) -> None:
        self.left = maxcount - RESOK_OVERHEAD
        self.dircount = dircount
        self.dirused = 0
        self.entries: list[p.entry4] = []
        self.tight = tight  # maxcount came from the reply budget, not the client

    def add(self, cookie: int, name: bytes, f: p.fattr4) -> bool:
        size = _entry_size(name, f)
        dsize = 8 + 4 + ((len(name) + 3) & ~3)
        if size > self.left or (self.entries and self.dircount
                                and self.dirused + dsize > self.dircount):
            return False
        self.entries.append(p.entry4(cookie, name, f))
        self.left -= size
        self.dirused += dsize
        return True


def _error_attrs(status: int) -> p.fattr4:
    return p.fattr4(fattr.make_bitmap([fattr.A.RDATTR_ERROR]), struct.pack(">I", status))


@op(O.OP_READDIR, reply_estimate=4 + RESOK_OVERHEAD)
async def op_readdir(c: Compound, args: p.READDIR4args) -> p.READDIR4res:
    request = fattr.decode_bitmap(args.attr_request)
    fattr.check_readable(request)
    if args.cookie in (1, 2):
        raise Nfs4Error(S.NFS4ERR_BAD_COOKIE, "cookies 1 and 2 are reserved")
    budget = c.reply_left()
    maxcount = min(args.maxcount, budget)
    if maxcount < RESOK_OVERHEAD:
        # Not even an empty directory's reply fits (pynfs RDDR8: 15 bytes is TOOSMALL).
        raise c.too_big() if maxcount < args.maxcount else Nfs4Error(S.NFS4ERR_TOOSMALL)
    fit = _Fitter(maxcount, args.dircount, tight=maxcount < args.maxcount)
    fh = c.fh()
    if fh.node is not None:
        verf, eof = await _pseudo(c, fh.node, args.cookie, request, fit)
    else:
        verf, eof = await _export(c, fh, args.cookie, request, fit)
    if not fit.entries and not eof:
        if fit.tight:
            raise c.too_big()
        raise Nfs4Error(S.NFS4ERR_TOOSMALL)
    c.charge(maxcount - RESOK_OVERHEAD - fit.left)
    return p.READDIR4res(OK, p.READDIR4resok(verf, p.dirlist4(fit.entries, eof)))


async def _pseudo(c: Compound, node: PseudoNode, cookie: int, request: list[int],
                  fit: _Fitter) -> tuple[bytes, bool]:
    verf = struct.pack(">Q", c.ns.boot & 0xFFFF_FFFF_FFFF_FFFF)
    children = c.ns.children(node, c.ctx)
    start = 0 if cookie == 0 else cookie - FIRST_COOKIE + 1
    if start < 0 or start > len(children):
        raise Nfs4Error(S.NFS4ERR_BAD_COOKIE)
    for i in range(start, len(children)):
        name, entry = children[i]
        if isinstance(entry, PseudoNode):
            fh = c.ns.node_fh(entry)
            a: Attrs | None = None
        else:
            fh = c.ns.export_fh(entry, entry.root)
            a = await entry.backend.getattr(entry.root)
        f = await _entry_attrs(c, fh, request, a, sec=False)
        if not fit.add(i + FIRST_COOKIE, name, f):
            return verf, False
    return verf, True


async def _entry_attrs(c: Compound, fh: Fh, request: list[int], a: Attrs | None, *,
                       sec: bool = True) -> p.fattr4:
    """An entry's fattr4, or its rdattr_error when the client asked for that."""
    try:
        if fh.export is not None and not sec:
            # An export's root seen from the pseudo tree: its attributes, no flavor check.
            attrs = a or await fh.export.backend.getattr(fh.fid)
            facts = fattr.FsFacts(fh.handle, fsid_of(fh.export.id),
                                  c.ns.mounted_on_fileid(fh.export),
                                  lease_time=c.server.lease_time,
                                  maxread=c.svc.config.rtmax, maxwrite=c.svc.config.wtmax,
                                  id_domain=c.server.names_domain)
            st, pc = fattr.needs(request)
            backend = fh.export.backend
            facts.statfs = await backend.statfs(fh.fid) if st else None
            facts.pathconf = await backend.pathconf(fh.fid) if pc else None
        else:
            attrs, facts = await attrs_of(c, fh, request, a)
    except EXPECTED as e:
        if fattr.A.RDATTR_ERROR not in request:
            raise
        return _error_attrs(status_of(e))
    return fattr.encode(request, c.minorversion, attrs, facts)


async def _export(c: Compound, fh: Fh, cookie: int, request: list[int],
                  fit: _Fitter) -> tuple[bytes, bool]:
    t = c.target(fh)
    backend = t.export.backend
    a = await backend.getattr(t.fid)
    if a.type != FileType.DIR:
        await not_a_dir(c, fh)
    want_handles = fattr.A.FILEHANDLE in request
    # About as many names as could fit; storage may return fewer.
    want = max(1, fit.left // (4 + 8 + 4 + 8 + 8) + 1)
    page = await backend.readdir(t.fid, cookie, want, t.cred, plus=bool(request))
    # statfs / pathconf once for the whole directory: every entry is on its filesystem.
    _, facts = await attrs_of(c, fh, request, a)
    for ent in page.entries:
        f = await _export_entry(c, t.export, ent, request, facts, want_handles)
        if not fit.add(ent.cookie, ent.name, f):
            return page.cookieverf, False
    return page.cookieverf, page.eof


async def _export_entry(c: Compound, export: ExportRuntime, ent: DirEntry,
                        request: list[int], dir_facts: fattr.FsFacts,
                        want_handles: bool) -> p.fattr4:
    if not request:
        return p.fattr4([], b"")
    try:
        a = ent.attrs if ent.attrs is not None else await export.backend.getattr(ent.fid)
    except EXPECTED as e:
        if fattr.A.RDATTR_ERROR not in request:
            raise
        return _error_attrs(status_of(e))
    inner = c.svc.policy.nested.get((export.id, ent.fid))
    if inner is not None:
        # A nested export's root: its own filesystem, as LOOKUP will find it.
        fh = c.ns.export_fh(inner, inner.root)
        attrs, facts = await attrs_of(c, fh, request, a)
        facts.mounted_on_fileid = a.fileid
        return fattr.encode(request, c.minorversion, attrs, facts)
    handle = c.svc.policy.make_handle(export, ent.fid) if want_handles else b""
    facts = fattr.FsFacts(handle, dir_facts.fsid, None, dir_facts.statfs, dir_facts.pathconf,
                          dir_facts.lease_time, dir_facts.maxread, dir_facts.maxwrite,
                          dir_facts.id_domain)
    return fattr.encode(request, c.minorversion, a, facts)
