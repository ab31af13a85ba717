"""The 4.0 client ops: SETCLIENTID, SETCLIENTID_CONFIRM, RENEW (RFC 7530 sections
16.33, 16.34, 16.29).

Operation: the client-record table (`nfs4.state.clients`) applies the SETCLIENTID /
CONFIRM cases and the lease table renews; these handlers only translate.  CLID_INUSE is
the one failure with a body (the address the record's owner uses, RFC 7530 16.33.2), so
SETCLIENTID builds that result itself instead of raising.
"""

from __future__ import annotations

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.compound import Compound
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import V40, op
from nfsrdma.nfs4.ops.session import principal_of

__all__: list[str] = []

OK = S.NFS4_OK


@op(O.OP_SETCLIENTID, needs_fh=False, minors=V40, reply_estimate=4 + 8 + 8 + 2 * 260)
async def op_setclientid(c: Compound, args: p.SETCLIENTID4args) -> p.SETCLIENTID4res:
    client = args.client
    try:
        clp = c.server.clients.setclientid(client.id, client.verifier, principal_of(c),
                                           (args.callback, args.callback_ident))
    except Nfs4Error as e:
        if e.status != S.NFS4ERR_CLID_INUSE:
            raise
        # The owner's callback address is not ours to reveal beyond its netid (knfsd
        # answers an empty address too).
        return p.SETCLIENTID4res(S.NFS4ERR_CLID_INUSE, p.netaddr4(b"tcp", b""))
    return p.SETCLIENTID4res(OK, p.SETCLIENTID4resok(clp.clientid, clp.confirm))


@op(O.OP_SETCLIENTID_CONFIRM, needs_fh=False, minors=V40)
async def op_setclientid_confirm(c: Compound, args: p.SETCLIENTID_CONFIRM4args
                                 ) -> p.SETCLIENTID_CONFIRM4res:
    clp = c.server.clients.setclientid_confirm(args.clientid, args.setclientid_confirm,
                                               principal_of(c))
    # The callback path to the address SETCLIENTID gave is opened and probed (RFC 7530
    # 16.34.4); a retransmitted confirm keeps the path it has.
    c.server.callbacks.confirmed40(clp.clientid, clp.callback, c.ctx.flavor)
    return p.SETCLIENTID_CONFIRM4res(OK)


@op(O.OP_RENEW, needs_fh=False, minors=V40)
async def op_renew(c: Compound, args: p.RENEW4args) -> p.RENEW4res:
    c.server.leases.renew_clientid(args.clientid)
    # The lease is renewed either way; a client holding delegations learns that they
    # cannot be recalled (RFC 7530 16.29.4, knfsd's nfsd4_renew).
    path = c.server.callbacks.by_client.get(args.clientid)
    if c.server.delegs.holds(args.clientid) and (path is None or not path.up):
        raise Nfs4Error(S.NFS4ERR_CB_PATH_DOWN)
    return p.RENEW4res(OK)
