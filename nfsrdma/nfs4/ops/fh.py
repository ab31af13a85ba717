"""The filehandle ops: PUTFH, PUTROOTFH, PUTPUBFH, GETFH, SAVEFH, RESTOREFH
(RFC 8881 sections 18.19-18.20, 18.8, 18.27-18.28).

Operation: the PUT ops only decide what the current filehandle names (BADHANDLE, STALE);
the export's client rule (and with it WRONGSEC, RFC 8881 2.6.3.1.1) is applied by the op
that uses it, as `Compound.target` does, so PUTFH + SECINFO works for a flavor the export
refuses.  Every op that puts a new object in the current filehandle without a stateid of its
own resets the 4.1 current stateid (RFC 8881 16.2.3.1.2; knfsd's OP_CLEAR_STATEID): a CLOSE
of the current stateid after PUTFH or LOOKUP must not reach the OPEN before them.
"""

from __future__ import annotations

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import op

OK = S.NFS4_OK
#: PUTFH's result when it succeeds (results are never changed once built: one for all).
PUTFH_OK = p.PUTFH4res(OK)


@op(O.OP_PUTFH, needs_fh=False)
async def op_putfh(c: Compound, args: p.PUTFH4args) -> p.PUTFH4res:
    c.current_fh = c.ns.from_handle(args.object)
    c.current_stateid = None
    return PUTFH_OK


@op(O.OP_PUTROOTFH, needs_fh=False)
async def op_putrootfh(c: Compound, args: None) -> p.PUTROOTFH4res:
    c.current_fh = c.ns.root_fh()
    c.current_stateid = None
    return p.PUTROOTFH4res(OK)


@op(O.OP_PUTPUBFH, needs_fh=False)
async def op_putpubfh(c: Compound, args: None) -> p.PUTPUBFH4res:
    # No public filehandle of its own: it is the root (RFC 8881 18.20.3 allows that).
    c.current_fh = c.ns.root_fh()
    c.current_stateid = None
    return p.PUTPUBFH4res(OK)


# nfs_fh4 is at most NFS4_FHSIZE (128) bytes: 4 + 128.
@op(O.OP_GETFH, reply_estimate=4 + 4 + p.NFS4_FHSIZE)
async def op_getfh(c: Compound, args: None) -> p.GETFH4res:
    fh = c.fh()
    if fh.export is not None:
        c.target(fh)  # the client rule: WRONGSEC for a flavor this export refuses
    return p.GETFH4res(OK, p.GETFH4resok(fh.handle))


@op(O.OP_SAVEFH)
async def op_savefh(c: Compound, args: None) -> p.SAVEFH4res:
    c.saved_fh = c.fh()
    c.saved_stateid = c.current_stateid
    return p.SAVEFH4res(OK)


@op(O.OP_RESTOREFH, needs_fh=False)
async def op_restorefh(c: Compound, args: None) -> p.RESTOREFH4res:
    if c.saved_fh is None:
        raise Nfs4Error(S.NFS4ERR_RESTOREFH)  # RFC 8881 18.27.3: no saved filehandle
    c.current_fh = c.saved_fh
    c.current_stateid = c.saved_stateid
    return p.RESTOREFH4res(OK)
