"""The 4.1 client and session ops: EXCHANGE_ID, CREATE_SESSION, SEQUENCE, DESTROY_SESSION,
DESTROY_CLIENTID, BIND_CONN_TO_SESSION, BACKCHANNEL_CTL, RECLAIM_COMPLETE (RFC 8881 sections
18.35-18.37, 18.46, 18.50, 18.34, 18.33, 18.51).

Operation: each op checks what only the wire shows (flags, state protection, op position),
then asks the tables of `nfs4.state` (client records, sessions and their slots), which
decide and raise `Nfs4Error` for every expected failure.  SEQUENCE hands the COMPOUND to
its slot through the `Compound` hook: ``replay`` (a cached reply, answered as is) or
``on_reply`` (the finished reply, cached when the slot asked for it).  The back channel
(`nfs4.callback`): CREATE_SESSION and BIND_CONN_TO_SESSION bind the call's connection
(``ctx.xprt``) when it can carry calls to the client, SEQUENCE reports a path that does not
work (SEQ4_STATUS_CB_PATH_DOWN[_SESSION]).
"""

from __future__ import annotations

from collections.abc import Hashable
from functools import partial

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4.callback import can_call_back, choose_cred, max_call_size, path_down_flags
from nfsrdma.nfs4.compound import MAX_OPS, RESOP_HEADER, Compound
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.ops import V41, op
from nfsrdma.nfs4.state.sessions import SessionTable, args_digest

__all__ = ["SERVER_IMPL", "principal_of"]

OK = S.NFS4_OK

#: The flags a client may send in EXCHANGE_ID (RFC 8881 18.35.3: EXCHGID4_FLAG_MASK_A);
#: CONFIRMED_R is the server's to set, anything else unknown: INVAL (knfsd does the same).
FLAGS_A = (p.EXCHGID4_FLAG_SUPP_MOVED_REFER | p.EXCHGID4_FLAG_SUPP_MOVED_MIGR
           | p.EXCHGID4_FLAG_BIND_PRINC_STATEID | p.EXCHGID4_FLAG_MASK_PNFS
           | p.EXCHGID4_FLAG_UPD_CONFIRMED_REC_A)

#: CREATE_SESSION flags a client may send (RFC 8881 18.36.3); anything else is INVAL.
CREATE_SESSION_FLAGS = (p.CREATE_SESSION4_FLAG_PERSIST | p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN
                        | p.CREATE_SESSION4_FLAG_CONN_RDMA)

#: SEQUENCE4resok: status, sessionid, five words.
SEQUENCE_RESOK = 4 + p.NFS4_SESSIONID_SIZE + 5 * 4

SERVER_IMPL = [p.nfs_impl_id4(b"nfsrdma", b"nfsrdma userspace NFS server", p.nfstime4(0, 0))]


def principal_of(c: Compound) -> Hashable:
    """Who made the call, as client records compare it (RFC 8881 2.4.3; knfsd same_creds:
    flavor, uid, gid)."""
    cred = c.ctx.cred
    return (c.ctx.flavor, cred.uid, cred.gid) if cred is not None else (c.ctx.flavor,)


@op(O.OP_EXCHANGE_ID, needs_fh=False, minors=V41)
async def op_exchange_id(c: Compound, args: p.EXCHANGE_ID4args) -> p.EXCHANGE_ID4res:
    if args.eia_flags & ~FLAGS_A:
        raise Nfs4Error(S.NFS4ERR_INVAL)
    how = args.eia_state_protect.tag
    if how == p.SP4_MACH_CRED:
        # needs an integrity-protected (RPCSEC_GSS) call; over AUTH_SYS knfsd answers INVAL.
        raise Nfs4Error(S.NFS4ERR_INVAL)
    if how == p.SP4_SSV:
        raise Nfs4Error(S.NFS4ERR_ENCR_ALG_UNSUPP)  # no SSV algorithm (RFC 8881 18.35.4)
    owner = args.eia_clientowner
    clp = c.server.clients.exchange_id(owner.co_ownerid, owner.co_verifier, args.eia_flags,
                                       principal_of(c))
    # Exactly one pNFS role: we are no MDS and no DS (RFC 8881 13.1).
    flags = p.EXCHGID4_FLAG_USE_NON_PNFS
    if clp.confirmed:
        flags |= p.EXCHGID4_FLAG_CONFIRMED_R
    name = c.server.owner
    return p.EXCHANGE_ID4res(OK, p.EXCHANGE_ID4resok(
        clp.clientid, (clp.cs_seqid + 1) & 0xFFFFFFFF, flags,
        p.state_protect4_r(p.SP4_NONE, None), p.server_owner4(0, name), name, SERVER_IMPL))


@op(O.OP_CREATE_SESSION, needs_fh=False, minors=V41, reply_estimate=160)
async def op_create_session(c: Compound, args: p.CREATE_SESSION4args
                            ) -> p.CREATE_SESSION4res:
    if args.csa_flags & ~CREATE_SESSION_FLAGS:
        raise Nfs4Error(S.NFS4ERR_INVAL)
    cred = choose_cred(args.csa_sec_parms)
    xprt = c.ctx.xprt
    asked = bool(args.csa_flags & p.CREATE_SESSION4_FLAG_CONN_BACK_CHAN)
    back_ok = asked and can_call_back(xprt)
    tables: SessionTable = c.server.sessions
    res = tables.create(args, principal_of(c), MAX_OPS, back_chan=back_ok,
                        max_call=max_call_size(xprt) if back_ok else None)
    ses = tables.find(res.csr_sessionid)
    if ses is not None and ses.cb is None:  # a new session, not CREATE_SESSION's replay
        ses.cb = c.server.callbacks.for_session(ses.sessionid, c.minorversion, ses.back,
                                                args.csa_cb_program, cred)
        ses.cb.wanted = asked
        if back_ok:
            ses.cb.bind(xprt)
    return p.CREATE_SESSION4res(OK, res)


@op(O.OP_SEQUENCE, needs_fh=False, minors=V41)
async def op_sequence(c: Compound, args: p.SEQUENCE4args) -> p.SEQUENCE4res:
    if c.opindex != 0:
        raise Nfs4Error(S.NFS4ERR_SEQUENCE_POS)
    tables: SessionTable = c.server.sessions
    ses = tables.get(args.sa_sessionid)
    fore = ses.fore
    if c.nops > fore.ca_maxoperations:
        raise Nfs4Error(S.NFS4ERR_TOO_MANY_OPS)
    raw = c.args_raw
    if len(raw) > fore.ca_maxrequestsize:
        raise Nfs4Error(S.NFS4ERR_REQ_TOO_BIG)
    floor = c.used + RESOP_HEADER + SEQUENCE_RESOK
    ses, slot, cached = tables.sequence(args, args_digest(raw), c.nops == 1, floor, ses=ses)
    if cached is not None:
        c.replay = cached
        return cached.resarray[0].value  # type: ignore[no-any-return]
    c.session = ses
    c.slot = slot
    c.max_ops = fore.ca_maxoperations
    c.budget = fore.ca_maxresponsesize_cached if slot.cache else fore.ca_maxresponsesize
    seqid = args.sa_sequenceid
    c.on_reply = partial(SessionTable.finish, slot, seqid)
    resok = tables.resok(ses, args.sa_slotid, seqid)
    cb = ses.cb
    if cb is None or not cb.wanted or cb.down:
        # Only a session whose own wanted path works needs no look at the others.
        resok.sr_status_flags |= path_down_flags(
            cb, [s.cb for s in tables.of_client(ses.client)])
    if c.server.delegs.has_revoked(ses.client.clientid):
        # A delegation recalled and not returned in time was revoked: the client learns
        # it here and frees it with FREE_STATEID (RFC 8881 18.46.3).
        resok.sr_status_flags |= p.SEQ4_STATUS_RECALLABLE_STATE_REVOKED
    return p.SEQUENCE4res(OK, resok)


@op(O.OP_DESTROY_SESSION, needs_fh=False, minors=V41)
async def op_destroy_session(c: Compound, args: p.DESTROY_SESSION4args
                             ) -> p.DESTROY_SESSION4res:
    c.server.sessions.destroy(args.dsa_sessionid, principal_of(c))
    return p.DESTROY_SESSION4res(OK)


@op(O.OP_DESTROY_CLIENTID, needs_fh=False, minors=V41)
async def op_destroy_clientid(c: Compound, args: p.DESTROY_CLIENTID4args
                              ) -> p.DESTROY_CLIENTID4res:
    c.server.clients.destroy(args.dca_clientid, principal_of(c))
    return p.DESTROY_CLIENTID4res(OK)


@op(O.OP_BIND_CONN_TO_SESSION, needs_fh=False, minors=V41)
async def op_bind_conn_to_session(c: Compound, args: p.BIND_CONN_TO_SESSION4args
                                  ) -> p.BIND_CONN_TO_SESSION4res:
    ses = c.server.sessions.get(args.bctsa_sessid)
    if ses.client.principal != principal_of(c):
        raise Nfs4Error(S.NFS4ERR_PERM)
    how = args.bctsa_dir
    if how not in (p.CDFC4_FORE, p.CDFC4_BACK, p.CDFC4_FORE_OR_BOTH, p.CDFC4_BACK_OR_BOTH):
        raise Nfs4Error(S.NFS4ERR_INVAL)
    xprt = c.ctx.xprt
    back = how != p.CDFC4_FORE and ses.cb is not None and can_call_back(xprt)
    if how in (p.CDFC4_BACK, p.CDFC4_BACK_OR_BOTH) and not back:
        # The client needs a back channel this connection cannot carry: refused rather than
        # told it has one (RFC 8881 18.34.3).
        raise Nfs4Error(S.NFS4ERR_INVAL)
    c.server.leases.renew(ses.client)
    if back:
        ses.cb.bind(xprt)
    # FORE_OR_BOTH and BACK_OR_BOTH are answered BOTH when both directions are bound, as
    # knfsd does; BACK alone binds the back channel only.
    got = p.CDFS4_BACK if how == p.CDFC4_BACK else p.CDFS4_BOTH if back else p.CDFS4_FORE
    return p.BIND_CONN_TO_SESSION4res(OK, p.BIND_CONN_TO_SESSION4resok(
        ses.sessionid, got, False))


@op(O.OP_BACKCHANNEL_CTL, needs_fh=False, minors=V41)
async def op_backchannel_ctl(c: Compound, args: p.BACKCHANNEL_CTL4args
                             ) -> p.BACKCHANNEL_CTL4res:
    """The session's callback program and credential from now on (RFC 8881 18.33)."""
    cred = choose_cred(args.bca_sec_parms)
    if c.session.cb is not None:
        c.session.cb.set_program(args.bca_cb_program, cred)
    return p.BACKCHANNEL_CTL4res(OK)


@op(O.OP_RECLAIM_COMPLETE, needs_fh=False, minors=V41)
async def op_reclaim_complete(c: Compound, args: p.RECLAIM_COMPLETE4args
                              ) -> p.RECLAIM_COMPLETE4res:
    clp = c.session.client
    if args.rca_one_fs:
        return p.RECLAIM_COMPLETE4res(OK)  # per-filesystem reclaim is not tracked
    if clp.reclaim_complete:
        raise Nfs4Error(S.NFS4ERR_COMPLETE_ALREADY)  # RFC 8881 18.51.4
    c.server.grace.reclaim_done(clp)
    return p.RECLAIM_COMPLETE4res(OK)
