"""LOOKUP, LOOKUPP and READLINK (RFC 8881 sections 18.15, 18.16, 18.24).

Operation: a name is looked up in a pseudo directory (`pseudofs.Namespace`) or in an
export's directory (storage).  LOOKUPP of an export's root leaves the export for the pseudo
directory it is mounted in (the fsid changes back); LOOKUPP of the pseudo root is NOENT.
The client rule of an object reached is checked by the op that uses it (`Compound.target`).
"""

from __future__ import annotations

from nfsrdma.core.errors import ErrorKind, NfsError
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import op
from nfsrdma.nfs4.ops.names import lookup_in, not_a_dir
from nfsrdma.nfs4.pseudofs import Fh

OK = S.NFS4_OK


@op(O.OP_LOOKUP)
async def op_lookup(c: Compound, args: p.LOOKUP4args) -> p.LOOKUP4res:
    c.current_fh = await lookup_in(c, c.fh(), args.objname)
    c.current_stateid = None  # RFC 8881 16.2.3.1.2 (see nfs4.ops.fh)
    return p.LOOKUP4res(OK)


async def parent_of(c: Compound, fh: Fh, *, sec: bool = True) -> Fh:
    """The parent directory of directory `fh` (the pseudo tree above an export's root).

    Raises: NfsError(NOENT) at the top of the namespace; SYMLINK / NOTDIR for a non-directory.
    """
    if fh.node is not None:
        return c.ns.parent(fh.node)
    t = c.target(fh, sec=sec)
    if t.fid == t.export.root:
        node = c.ns.mounted_on(t.export)
        if node is not None:
            return c.ns.node_fh(node)
        outer = c.ns.nested_in(t.export)
        if outer is None:
            raise NfsError(ErrorKind.NOENT, "the top of the namespace has no parent")
        # A nested export's root: its parent is in the export around it.
        rt, fid = outer
        cred = c.svc.policy.authorize(rt, c.ctx, write=False, sec=sec)
        return c.ns.export_fh(rt, await rt.backend.lookup(fid, b"..", cred))
    await not_a_dir(c, fh)
    fid = await t.export.backend.lookup(t.fid, b"..", t.cred)
    return c.ns.export_fh(t.export, fid)


@op(O.OP_LOOKUPP)
async def op_lookupp(c: Compound, args: None) -> p.LOOKUPP4res:
    c.current_fh = await parent_of(c, c.fh())
    c.current_stateid = None
    return p.LOOKUPP4res(OK)


@op(O.OP_READLINK, reply_estimate=8)
async def op_readlink(c: Compound, args: None) -> p.READLINK4res:
    fh = c.fh()
    if fh.node is not None:
        raise Nfs4Error(S.NFS4ERR_INVAL, "not a symlink")
    t = c.target(fh)
    link = await t.export.backend.readlink(t.fid, t.cred)
    size = (len(link) + 3) & ~3
    if size > c.reply_left():
        raise c.too_big()
    c.charge(size)
    return p.READLINK4res(OK, p.READLINK4resok(link))
