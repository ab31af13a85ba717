"""DELEGRETURN (RFC 8881 18.6, RFC 7530 16.8): a client gives a delegation back.

Operation: the stateid must name a delegation of the caller on the current filehandle; the
table (`nfs4.state.delegations`) frees it, and a conflicting OPEN waiting with DELAY then
proceeds.  Granting and recalling are `nfs4.delegate`'s.
"""

from __future__ import annotations

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.delegate import count
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import op
from nfsrdma.nfs4.ops.open import file_key, resolve_stateid
from nfsrdma.nfs4.state.delegations import Delegation
from nfsrdma.nfs4.state.stateids import Special, StateKind

__all__: list[str] = []

OK = S.NFS4_OK


@op(O.OP_DELEGRETURN)
async def op_delegreturn(c: Compound, args: p.DELEGRETURN4args) -> p.DELEGRETURN4res:
    """Return a delegation (RFC 8881 18.6): its stateid, on the file it names."""
    seqid, other, kind = resolve_stateid(c, args.deleg_stateid)
    if kind is not Special.NONE:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    st = c.server.stateids.find(other)
    if st is not None and st.kind is StateKind.DELEG and st.revoked:
        # Revoked after a recall that was not answered in time (RFC 8881 18.6.3).
        raise Nfs4Error(S.NFS4ERR_DELEG_REVOKED if c.minorversion > 0
                        else S.NFS4ERR_EXPIRED)
    st = c.server.stateids.check(seqid, other, c.minorversion)
    d = st.ref
    if st.kind is not StateKind.DELEG or not isinstance(d, Delegation):
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    if d.file != file_key(c.fh()):
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    clp = c.server.clients.find(d.client)
    if c.minorversion > 0 and (c.session is None or c.session.client is not clp):
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)  # another client's delegation
    if clp is not None:
        if c.minorversion == 0:
            c.server.leases.renew(clp)
        if clp.state > 0:
            clp.state -= 1
    c.server.delegs.returned(d)
    count(c.server, "returned")
    return p.DELEGRETURN4res(OK)
