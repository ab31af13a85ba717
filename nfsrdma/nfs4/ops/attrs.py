"""GETATTR, VERIFY, NVERIFY and ACCESS (RFC 8881 sections 18.7, 18.31, 18.15, 18.1).

Operation: `attrs_of` gathers what `fattr.encode` needs for the current filehandle (a pseudo
directory's made-up attributes, or storage's plus statfs / pathconf only when asked for);
GETATTR encodes the request, VERIFY / NVERIFY encode the client's bitmap and compare the
bytes (knfsd's nfsd4_verify does the same memcmp: the encoding is canonical).
"""

from __future__ import annotations

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.delegate import delegated_attrs
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import op
from nfsrdma.nfs4.pseudofs import PSEUDO_EXPORT_ID, Fh, fsid_of
from storage.backend import Attrs, FileType, FsStat, PathConf

OK = S.NFS4_OK

#: The pseudo filesystem's pathconf: what a plain Linux directory reports.
PSEUDO_PATHCONF = PathConf(linkmax=1, name_max=255)


async def attrs_of(c: Compound, fh: Fh, request: list[int] | fattr.Plan,
                   attrs: Attrs | None = None) -> tuple[Attrs, fattr.FsFacts]:
    """The `Attrs` of `fh` and the filesystem facts `request` (or its plan) needs.

    Raises: as `Compound.target` (the client rule) and storage's getattr/statfs/pathconf.
    """
    svc = c.svc
    if isinstance(request, fattr.Plan):
        want_statfs, want_pathconf, want_xattr = request.statfs, request.pathconf, request.xattr
    else:
        want_statfs, want_pathconf = fattr.needs(request)
        want_xattr = fattr.A.XATTR_SUPPORT in request
    facts = fattr.FsFacts(fh.handle, fsid_of(PSEUDO_EXPORT_ID), lease_time=c.server.lease_time,
                          maxread=svc.config.rtmax, maxwrite=svc.config.wtmax,
                          id_domain=c.server.names_domain)
    if fh.node is not None:
        if want_statfs:
            facts.statfs = FsStat(0, 0, 0, 0, 0, 0)
        facts.pathconf = PSEUDO_PATHCONF
        return attrs or c.ns.attrs(fh.node), facts
    t = c.target(fh)
    backend = t.export.backend
    a = attrs or await backend.getattr(t.fid)
    facts.fsid = fsid_of(t.export.id)
    if t.fid == t.export.root:
        facts.mounted_on_fileid = c.ns.mounted_on_fileid(t.export)
    if want_statfs:
        facts.statfs = await backend.statfs(t.fid)
    if want_pathconf:
        facts.pathconf = await backend.pathconf(t.fid)
    if want_xattr:
        facts.xattr_support = await backend.xattr_support(t.fid)
    return a, facts


# Fixed part: status + bitmap count + 3 words + attr_vals length.
@op(O.OP_GETATTR, reply_estimate=4 + 4 + 12 + 4)
async def op_getattr(c: Compound, args: p.GETATTR4args) -> p.GETATTR4res:
    pl = fattr.plan_of_bitmap(args.attr_request, c.minorversion)
    if pl.write_only:
        raise Nfs4Error(S.NFS4ERR_INVAL, "write-only attribute requested")
    a, facts = await attrs_of(c, c.fh(), pl)
    if c.server.delegs:  # another client's write delegation: its size and change (CB_GETATTR)
        a, facts.change = await delegated_attrs(c, a, pl.request)
    f = p.fattr4(pl.bitmap, pl.encode(a, facts))
    size = fattr.fattr4_size(f)
    if size > c.reply_left():
        raise c.too_big()
    c.charge(size)
    return p.GETATTR4res(OK, p.GETATTR4resok(f))


async def _same(c: Compound, given: p.fattr4) -> bool:
    """Do the current object's attributes equal `given`?

    Raises: Nfs4Error(ATTRNOTSUPP) for an attribute not supported, Nfs4Error(INVAL) for
    rdattr_error or a write-only one (RFC 8881 18.31.3).
    """
    request = fattr.decode_bitmap(given.attrmask)
    if any(w for w in given.attrmask[3:]):
        raise Nfs4Error(S.NFS4ERR_ATTRNOTSUPP)
    if fattr.A.RDATTR_ERROR in request:
        raise Nfs4Error(S.NFS4ERR_INVAL, "rdattr_error in VERIFY")
    fattr.check_readable(request)
    sup = fattr.supported(c.minorversion)
    if any(a not in sup for a in request):
        raise Nfs4Error(S.NFS4ERR_ATTRNOTSUPP)
    a, facts = await attrs_of(c, c.fh(), request)
    return fattr.encode(request, c.minorversion, a, facts).attr_vals == bytes(given.attr_vals)


@op(O.OP_VERIFY)
async def op_verify(c: Compound, args: p.VERIFY4args) -> p.VERIFY4res:
    if not await _same(c, args.obj_attributes):
        raise Nfs4Error(S.NFS4ERR_NOT_SAME)
    return p.VERIFY4res(OK)


@op(O.OP_NVERIFY)
async def op_nverify(c: Compound, args: p.NVERIFY4args) -> p.NVERIFY4res:
    if await _same(c, args.obj_attributes):
        raise Nfs4Error(S.NFS4ERR_SAME)
    return p.NVERIFY4res(OK)


ACCESS_BITS = (p.ACCESS4_READ | p.ACCESS4_LOOKUP | p.ACCESS4_MODIFY | p.ACCESS4_EXTEND
               | p.ACCESS4_DELETE | p.ACCESS4_EXECUTE)
MODIFY_BITS = p.ACCESS4_MODIFY | p.ACCESS4_EXTEND | p.ACCESS4_DELETE
#: The bits that mean something for a directory and for anything else (RFC 8881 18.1.3:
#: LOOKUP and DELETE name a directory's entries, EXECUTE a file's contents); `supported`
#: holds only those (knfsd's nfs3_diraccess / nfs3_regaccess tables).
DIR_ACCESS = ACCESS_BITS & ~p.ACCESS4_EXECUTE
FILE_ACCESS = ACCESS_BITS & ~(p.ACCESS4_LOOKUP | p.ACCESS4_DELETE)


#: RFC 8276 8.4.1: the xattr bits, in 4.2, for files and directories whose file system keeps
#: user xattrs; reading and listing them need read permission, writing write permission.
XA_BITS = p.ACCESS4_XAREAD | p.ACCESS4_XAWRITE | p.ACCESS4_XALIST


@op(O.OP_ACCESS, reply_estimate=4 + 8)
async def op_access(c: Compound, args: p.ACCESS4args) -> p.ACCESS4res:
    fh = c.fh()
    if fh.node is not None:  # a read-only directory anyone may list and search
        asked = args.access & DIR_ACCESS
        granted = asked & (p.ACCESS4_READ | p.ACCESS4_LOOKUP)
    else:
        t = c.target(fh)
        be = t.export.backend
        attrs = await be.getattr(t.fid, t.cred)
        asked = args.access & (DIR_ACCESS if attrs.type is FileType.DIR else FILE_ACCESS)
        granted = await be.access(t.fid, asked, t.cred)
        if (args.access & XA_BITS and c.minorversion >= 2
                and attrs.type in (FileType.REG, FileType.DIR)
                and await be.xattr_support(t.fid)):
            xa = args.access & XA_BITS
            asked |= xa
            rw = await be.access(t.fid, p.ACCESS4_READ | p.ACCESS4_MODIFY, t.cred)
            if rw & p.ACCESS4_READ:
                granted |= xa & (p.ACCESS4_XAREAD | p.ACCESS4_XALIST)
            if rw & p.ACCESS4_MODIFY:
                granted |= xa & p.ACCESS4_XAWRITE
        if not c.svc.writable(t.export, c.ctx):
            granted &= ~(MODIFY_BITS | p.ACCESS4_XAWRITE)
    return p.ACCESS4res(OK, p.ACCESS4resok(asked, granted))
