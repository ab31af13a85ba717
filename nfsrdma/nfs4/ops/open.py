"""The open ops: OPEN, OPEN_CONFIRM, OPEN_DOWNGRADE, CLOSE, TEST_STATEID, FREE_STATEID
(RFC 8881 18.16, 18.18, 18.2, 18.48, 18.38; RFC 7530 16.16-16.19).

Operation: OPEN resolves its claim to a regular file (CLAIM_NULL: a name in the current
directory, created as `openhow` says; CLAIM_FH: the current filehandle; CLAIM_PREVIOUS: the
current filehandle, only in grace), checks the caller may read/write it, and records the open
in `nfs4.state.opens.OpenTable` (share reservations across clients); the current filehandle
becomes the file and, in 4.1+, the current stateid the open's.  Delegations
(`nfs4.delegate`): an open another client's delegation conflicts with recalls it and is
answered DELAY; a read-only open may be given a read delegation.

4.0 ops carrying an open-owner seqid (OPEN, OPEN_CONFIRM, OPEN_DOWNGRADE, CLOSE) go through
`_seqid_op`: a retransmission gets the owner's last reply (and filehandle) again, a wrong
seqid BAD_SEQID, and the reply is recorded (RFC 7530 9.1.7).  The owner is found from the
stateid's ``other`` alone and its seqid checked before the stateid's own seqid (knfsd's
nfs4_preprocess_seqid_op), so a retransmitted OPEN_CONFIRM, whose stateid the first one
moved on, is answered its reply rather than OLD_STATEID.  4.1+ has no owner seqids:
retransmissions are the session slots' business.
"""

from __future__ import annotations

import errno
from collections.abc import Awaitable, Callable
from typing import Any

from nfsrdma.core.attrs import is_empty
from nfsrdma.core.errors import ErrorKind, NfsError
from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.nfs4 import fattr
from nfsrdma.nfs4.compound import Compound, fail_result
from nfsrdma.nfs4.delegate import check_conflicts, offer
from nfsrdma.nfs4.errors import EXPECTED4, Nfs4Error, status_of
from nfsrdma.nfs4.ops import V40, V41, op
from nfsrdma.nfs4.ops.names import check_component
from nfsrdma.nfs4.pseudofs import Fh
from nfsrdma.nfs4.state.clients import Client
from nfsrdma.nfs4.state.delegations import Delegation
from nfsrdma.nfs4.state.lockowners import LockState
from nfsrdma.nfs4.state.opens import Open, OpenOwner
from nfsrdma.nfs4.state.stateids import Special, State, StateKind, classify
from storage.backend import CreateMode, FileType, SetAttrs

__all__ = ["client_of", "file_key", "open_of"]

OK = S.NFS4_OK
ACCESS_READ = 0x01  # ACCESS4_READ
ACCESS_MODIFY = 0x04  # ACCESS4_MODIFY
DEFAULT_MODE = 0o644  # a create without a mode attribute (knfsd uses the same)

# OPEN4resok with its change_info4 and an attrset of two words and a NONE_EXT delegation.
OPEN_ESTIMATE = 16 + 20 + 4 + 12 + 12


def file_key(fh: Fh) -> tuple[int, bytes]:
    """The key of a file in the open table: (export id, storage FileId)."""
    if fh.export is None:
        raise NfsError(ErrorKind.ISDIR, "pseudo directory")
    return (fh.export.id, fh.fid)


def client_of(c: Compound, clientid: int) -> Client:
    """The client an open-owner belongs to: in 4.1+ the session's (RFC 8881 18.16.3: the
    owner's clientid is ignored; SEQUENCE ran, these ops are not session-exempt), in 4.0
    the confirmed client `clientid`, whose lease this renews (RFC 7530 9.5).

    Raises: Nfs4Error(STALE_CLIENTID) for an unknown 4.0 clientid.
    """
    if c.minorversion > 0:
        clp: Client = c.session.client
        return clp
    clp = c.server.clients.get(clientid)
    c.server.leases.renew(clp)
    return clp


def _sid(st: tuple[int, bytes]) -> p.stateid4:
    return p.stateid4(st[0], st[1])


def resolve_stateid(c: Compound, sid: p.stateid4) -> tuple[int, bytes, Special]:
    """(seqid, other, kind) of `sid`, with 4.1's current stateid (RFC 8881 16.2.3.1.2)
    replaced by the COMPOUND's.

    Raises: Nfs4Error BAD_STATEID (the current stateid named when there is none).
    """
    seqid, other = sid.seqid, sid.other
    kind = classify(seqid, other)
    if kind is Special.CURRENT and c.minorversion > 0:
        if c.current_stateid is None:
            raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
        seqid, other = c.current_stateid
        kind = classify(seqid, other)
    return seqid, other, kind


def open_of(c: Compound, sid: p.stateid4) -> Open:
    """The open an (ordinary, or 4.1 current) stateid names, on the current filehandle.

    Raises: Nfs4Error BAD_STATEID (special, another file's, not an open), STALE_STATEID,
    OLD_STATEID, EXPIRED.
    """
    seqid, other, kind = resolve_stateid(c, sid)
    if kind is not Special.NONE:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    st = c.server.stateids.check(seqid, other, c.minorversion)
    o = st.ref
    if st.kind is not StateKind.OPEN or not isinstance(o, Open) or o.file != file_key(c.fh()):
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    return o


async def _seqid_op(c: Compound, oo: OpenOwner, seqid: int, opnum: O,
                    run: Callable[[], Awaitable[Any]]) -> Any:
    """Run a 4.0 seqid-carrying op for owner `oo` (module docstring).  4.1+: just `run`."""
    if c.minorversion > 0:
        return await run()
    tbl = c.server.opens
    replay = tbl.check_seqid(oo, seqid)
    if replay is not None:
        if replay.fh is not None:
            c.current_fh = replay.fh
        return replay.result
    try:
        res = await run()
    except EXPECTED4 as e:
        status = status_of(e)
        tbl.record(oo, seqid, status, fail_result(opnum, status), None)
        raise
    tbl.record(oo, seqid, OK, res, c.current_fh)
    return res


# -- OPEN ------------------------------------------------------------------------------------

def _exclusive41_attrs(c: Compound, attrs: p.fattr4) -> tuple[SetAttrs, list[int]]:
    """EXCLUSIVE4_1's cva_attrs: only what suppattr_exclcreat lists (the times hold the
    verifier).  Raises: Nfs4Error(INVAL) for another attribute (RFC 8881 18.16.3), and as
    `fattr.decode_settable`."""
    if any(a not in fattr.EXCLCREAT for a in fattr.decode_bitmap(attrs.attrmask)):
        raise Nfs4Error(S.NFS4ERR_INVAL, "attribute not in suppattr_exclcreat")
    return fattr.decode_settable(attrs, c.minorversion, c.server.id_domain)


#: What an exclusive create's attrset says besides the attributes set: the verifier lives in
#: time_access and time_modify, so the client sets them afterwards (RFC 7530 16.16.5; knfsd
#: sets these bits, the Linux client's nfs4_exclusive_attrset reads them).
VERIFIER_ATTRS = (fattr.A.TIME_ACCESS, fattr.A.TIME_MODIFY)


async def _open_by_name(c: Compound, args: p.OPEN4args, name: bytes
                        ) -> tuple[Fh, bool, p.change_info4, list[int], int | None]:
    """CLAIM_NULL: the file `name` in the current directory, created as `openhow` says.
    Returns (file, created, cinfo, attrset, size to truncate to)."""
    dfh = c.fh()
    if dfh.export is None:
        # A pseudo directory holds only exports' roots (directories): nothing to open.
        raise Nfs4Error(S.NFS4ERR_ROFS if args.openhow.tag == p.OPEN4_CREATE
                        else S.NFS4ERR_ISDIR)
    check_component(name)
    creating = args.openhow.tag == p.OPEN4_CREATE
    dt = c.target(dfh, write=creating)
    be = dt.export.backend
    before = await be.getattr(dt.fid, dt.cred)
    if before.type is not FileType.DIR:
        raise Nfs4Error(S.NFS4ERR_NOTDIR)
    attrset: list[int] = []
    trunc = None
    created = False
    if not creating:
        fid = await be.lookup(dt.fid, name, dt.cred)
    else:
        how = args.openhow.how
        sa = SetAttrs()
        if how.tag in (p.UNCHECKED4, p.GUARDED4):
            sa, attrset = fattr.decode_settable(how.createattrs, c.minorversion,
                                                 c.server.id_domain)
            cm = CreateMode.UNCHECKED if how.tag == p.UNCHECKED4 else CreateMode.GUARDED
            verf = None
        elif how.tag == p.EXCLUSIVE4:
            cm, verf = CreateMode.EXCLUSIVE, bytes(how.value)
        elif how.tag == p.EXCLUSIVE4_1 and c.minorversion > 0:
            # The verifier lives in the file's times as knfsd keeps it; the client sets them
            # afterwards with SETATTR (RFC 8881 18.16.3).
            sa, attrset = _exclusive41_attrs(c, how.value.cva_attrs)
            cm, verf = CreateMode.EXCLUSIVE, bytes(how.value.cva_verf)
        else:
            raise Nfs4Error(S.NFS4ERR_INVAL)
        mode, size = sa.mode, sa.size
        try:
            existing = await be.lookup(dt.fid, name, dt.cred)
        except OSError as e:
            if e.errno != errno.ENOENT:
                raise
            existing = None
        if existing is not None and cm is CreateMode.UNCHECKED:
            # RFC 8881 18.16.3: an UNCHECKED4 create of an existing file ignores
            # createattrs, except that a size of zero truncates it.
            fid = existing
            trunc = 0 if size == 0 else None
            attrset = [1 << p.FATTR4_SIZE] if trunc is not None else []
        else:
            perm = DEFAULT_MODE if mode is None else mode
            fid = await be.create(dt.fid, name, perm, dt.cred, mode=cm, verifier=verf)
            created = existing is None
            if size:
                trunc = size
            rest = SetAttrs(uid=sa.uid, gid=sa.gid, atime=sa.atime, mtime=sa.mtime)
            if created and not is_empty(rest):
                # What create did not set (owner, group, times), as CREATE does it.
                await be.setattr(fid, rest, dt.cred)
            if verf is not None:
                attrset = fattr.make_bitmap(
                    sorted({*fattr.decode_bitmap(attrset), *VERIFIER_ATTRS}))
    after = await be.getattr(dt.fid, dt.cred)
    cinfo = fattr.cinfo(before, after)
    fh = Fh(c.svc.policy.make_handle(dt.export, fid), dt.export, fid)
    return fh, created, cinfo, attrset, trunc


async def _do_open(c: Compound, clp: Client, oo: OpenOwner, args: p.OPEN4args, access: int,
                   want: int) -> p.OPEN4res:
    claim = args.claim
    grace = c.server.grace
    if claim.tag == p.CLAIM_PREVIOUS:
        grace.check_reclaim(clp)  # NO_GRACE, RECLAIM_BAD
    else:
        if c.minorversion == 0 and not clp.reclaim_complete:
            # A 4.0 client's first non-reclaim OPEN ends its reclaims (RFC 7530 9.6.3;
            # 4.1 says so with RECLAIM_COMPLETE).
            grace.reclaim_done(clp)
        grace.check_new(clp)  # GRACE while others may still reclaim, or before 4.1's RECC
    created = False
    attrset: list[int] = []
    trunc = None
    if claim.tag == p.CLAIM_NULL:
        fh, created, cinfo, attrset, trunc = await _open_by_name(c, args, claim.file)
    elif claim.tag == p.CLAIM_FH and c.minorversion > 0:
        fh = c.fh()
        cinfo = p.change_info4(False, 0, 0)
    elif claim.tag == p.CLAIM_PREVIOUS:
        fh = c.fh()
        cinfo = p.change_info4(False, 0, 0)
    elif claim.tag == p.CLAIM_DELEGATE_CUR:
        fh, created, cinfo, attrset, trunc = await _open_by_name(
            c, args, bytes(claim.value.file))
    elif claim.tag == p.CLAIM_DELEG_CUR_FH and c.minorversion > 0:
        fh = c.fh()
        cinfo = p.change_info4(False, 0, 0)
    else:
        # CLAIM_DELEGATE_PREV / DELEG_PREV_FH reclaim a delegation across a restart of the
        # client, which needs delegations kept in stable storage: not offered (knfsd
        # answers NOTSUPP too).
        raise Nfs4Error(S.NFS4ERR_NOTSUPP)
    t = c.target(fh, write=bool(access & 2) or trunc is not None)
    be = t.export.backend
    attrs = await be.getattr(t.fid, t.cred)
    if attrs.type is FileType.DIR:
        raise Nfs4Error(S.NFS4ERR_ISDIR)
    if attrs.type is FileType.LNK:
        raise Nfs4Error(S.NFS4ERR_SYMLINK)
    if attrs.type is not FileType.REG:
        # 4.0 has no WRONG_TYPE; knfsd answers SYMLINK for every other type, which the
        # Linux client handles, and so does pynfs (OPEN7*).
        raise Nfs4Error(S.NFS4ERR_SYMLINK if c.minorversion == 0 else S.NFS4ERR_WRONG_TYPE)
    if not created:
        # knfsd's do_open_permission: the modes asked for, unless this OPEN created the file.
        mask = (ACCESS_READ if access & 1 else 0) | (ACCESS_MODIFY if access & 2 else 0)
        if await be.access(t.fid, mask, t.cred) & mask != mask:
            raise Nfs4Error(S.NFS4ERR_ACCESS)
    key = file_key(fh)
    deleg_cur = claim.tag in (p.CLAIM_DELEGATE_CUR, p.CLAIM_DELEG_CUR_FH)
    if deleg_cur:
        _own_delegation(c, clp, key, claim.value.delegate_stateid
                        if claim.tag == p.CLAIM_DELEGATE_CUR else claim.value)
    if claim.tag != p.CLAIM_PREVIOUS:
        # Another client's delegation this open conflicts with is recalled: DELAY meanwhile.
        check_conflicts(c, clp.clientid, key, access, args.share_deny)
    o = c.server.opens.open(oo, key, access, args.share_deny)
    if o.state.seqid == 1:
        clp.state += 1  # a new open: the client is in use (CLID_INUSE, DESTROY_CLIENTID)
    if trunc is not None and attrs.size != trunc:
        await be.setattr(t.fid, SetAttrs(size=trunc), t.cred)
    c.current_fh = fh
    sid = o.state.stateid
    c.current_stateid = sid
    rflags = p.OPEN4_RESULT_LOCKTYPE_POSIX
    if not oo.confirmed:
        rflags |= p.OPEN4_RESULT_CONFIRM
    if claim.tag == p.CLAIM_PREVIOUS or not oo.confirmed or deleg_cur:
        # Reclaimed delegations are not served; a 4.0 owner not yet confirmed gets none
        # (knfsd waits for OPEN_CONFIRM too); an open under a delegation the client holds
        # already has it (RFC 8881 18.16.3).
        deleg = p.open_delegation4(p.OPEN_DELEGATE_NONE)
    else:
        deleg = offer(c, clp.clientid, fh.handle, key, o.access, o.deny, want,
                      fattr.change_of(attrs))
    return p.OPEN4res(OK, p.OPEN4resok(_sid(sid), cinfo, rflags, attrset, deleg))


def _own_delegation(c: Compound, clp: Client, key: tuple[int, bytes], sid: p.stateid4) -> None:
    """CLAIM_DELEGATE_CUR / DELEG_CUR_FH (RFC 8881 18.16.3, RFC 7530 16.16.5): the client
    tells the server of an open it made locally under its delegation `sid` of the file,
    which must be its own, of this file, and not revoked (a recall in progress is fine:
    these opens are what a client sends before DELEGRETURN).

    Raises: Nfs4Error BAD_STATEID (not a delegation of this client on this file), as
    `StateidTable.check` (EXPIRED / DELEG_REVOKED for a revoked one).
    """
    seqid, other, kind = resolve_stateid(c, sid)
    if kind is not Special.NONE:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    st = c.server.stateids.check(seqid, other, c.minorversion)
    d = st.ref
    if (st.kind is not StateKind.DELEG or not isinstance(d, Delegation)
            or d.client != clp.clientid or d.file != key):
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)


@op(O.OP_OPEN, reply_estimate=OPEN_ESTIMATE)
async def op_open(c: Compound, args: p.OPEN4args) -> p.OPEN4res:
    access = args.share_access & 0xFF
    want = args.share_access & p.OPEN4_SHARE_ACCESS_WANT_DELEG_MASK
    extra = args.share_access & ~(0xFF | p.OPEN4_SHARE_ACCESS_WANT_DELEG_MASK
                                  | p.OPEN4_SHARE_ACCESS_WANT_SIGNAL_DELEG_WHEN_RESRC_AVAIL
                                  | p.OPEN4_SHARE_ACCESS_WANT_PUSH_DELEG_WHEN_UNCONTENDED)
    if c.minorversion > 1:
        # RFC 9754: a 4.2 client may ask for delegated timestamps; not offered (its
        # open_arguments say so), the delegation comes without them.
        extra &= ~p.OPEN4_SHARE_ACCESS_WANT_DELEG_TIMESTAMPS
    if (access not in (1, 2, 3) or args.share_deny not in (0, 1, 2, 3) or extra
            or (c.minorversion == 0 and args.share_access & ~0xFF)):
        raise Nfs4Error(S.NFS4ERR_INVAL)
    clp = client_of(c, args.owner.clientid)
    oo = c.server.opens.owner(clp.clientid, bytes(args.owner.owner),
                              minorversion=c.minorversion)
    return await _seqid_op(c, oo, args.seqid, O.OP_OPEN,  # type: ignore[no-any-return]
                           lambda: _do_open(c, clp, oo, args, access, want))


# -- OPEN_CONFIRM, OPEN_DOWNGRADE, CLOSE --------------------------------------------------------

def _owner_of(c: Compound, sid: p.stateid4) -> OpenOwner:
    """The open-owner a seqid op's stateid names, found by its ``other`` only (module
    docstring); for a 4.0 CLOSE retransmission the owner whose last CLOSE freed it.  The op
    checks the stateid itself with `open_of` once the owner's seqid let it run.

    Raises: as `open_of`, when no owner can be found.
    """
    if c.minorversion == 0:
        _, other, kind = resolve_stateid(c, sid)
        if kind is Special.NONE:
            st = c.server.stateids.find(other)
            if st is not None and isinstance(st.ref, Open) and not st.revoked:
                return st.ref.owner
            oo = c.server.opens.closed_owner(other)
            if oo is not None:
                return oo
    return open_of(c, sid).owner


@op(O.OP_OPEN_CONFIRM, minors=V40)
async def op_open_confirm(c: Compound, args: p.OPEN_CONFIRM4args) -> p.OPEN_CONFIRM4res:
    oo = _owner_of(c, args.open_stateid)

    async def run() -> p.OPEN_CONFIRM4res:
        o = open_of(c, args.open_stateid)
        if oo.confirmed:
            raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
        client_of(c, oo.client)
        c.server.opens.confirm(oo)
        return p.OPEN_CONFIRM4res(OK, p.OPEN_CONFIRM4resok(_sid(o.state.bump())))

    return await _seqid_op(c, oo, args.seqid, O.OP_OPEN_CONFIRM,  # type: ignore[no-any-return]
                           run)


@op(O.OP_OPEN_DOWNGRADE)
async def op_open_downgrade(c: Compound, args: p.OPEN_DOWNGRADE4args
                            ) -> p.OPEN_DOWNGRADE4res:
    oo = _owner_of(c, args.open_stateid)

    async def run() -> p.OPEN_DOWNGRADE4res:
        o = open_of(c, args.open_stateid)
        if not oo.confirmed:
            raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
        access = args.share_access & 0xFF
        if access not in (1, 2, 3) or args.share_deny not in (0, 1, 2, 3):
            raise Nfs4Error(S.NFS4ERR_INVAL)
        c.server.opens.downgrade(o, access, args.share_deny)
        c.current_stateid = o.state.stateid
        return p.OPEN_DOWNGRADE4res(OK, p.OPEN_DOWNGRADE4resok(_sid(o.state.stateid)))

    return await _seqid_op(c, oo, args.seqid, O.OP_OPEN_DOWNGRADE,  # type: ignore[no-any-return]
                           run)


#: What a 4.1 CLOSE answers: the stateid is gone, so the client must not use it (RFC 8881
#: 18.2.4; knfsd's close_stateid).
CLOSED_STATEID = p.stateid4(0xFFFFFFFF, b"\0" * 12)


@op(O.OP_CLOSE)
async def op_close(c: Compound, args: p.CLOSE4args) -> p.CLOSE4res:
    oo = _owner_of(c, args.open_stateid)

    async def run() -> p.CLOSE4res:
        o = open_of(c, args.open_stateid)
        if not oo.confirmed:
            raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
        c.server.lockowners.close_open(o)  # LOCKS_HELD; else its lock stateids go too
        sid = c.server.opens.close(o, keep_for_replay=c.minorversion == 0)
        clp = c.server.clients.find(oo.client)
        if clp is not None and clp.state > 0:
            clp.state -= 1
        c.current_stateid = None
        return p.CLOSE4res(OK, CLOSED_STATEID if c.minorversion > 0 else _sid(sid))

    return await _seqid_op(c, oo, args.seqid, O.OP_CLOSE, run)  # type: ignore[no-any-return]


# -- TEST_STATEID, FREE_STATEID (4.1+) ----------------------------------------------------------

def _mine(c: Compound, sid: p.stateid4) -> State:
    """The state `sid` names if it belongs to the session's client (RFC 8881 18.48.3: another
    client's stateid is BAD_STATEID).  Raises as `StateidTable.check`."""
    if classify(sid.seqid, sid.other) is not Special.NONE:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    st = c.server.stateids.find(sid.other)
    if st is not None and st.client != client_of(c, st.client).clientid:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    return c.server.stateids.check(sid.seqid, sid.other, c.minorversion)  # type: ignore[no-any-return]


@op(O.OP_TEST_STATEID, needs_fh=False, minors=V41, reply_estimate=8 + 4 * 1024)
async def op_test_stateid(c: Compound, args: p.TEST_STATEID4args) -> p.TEST_STATEID4res:
    codes: list[int] = []
    for sid in args.ts_stateids:
        try:
            _mine(c, sid)
            codes.append(OK)
        except Nfs4Error as e:
            codes.append(e.status)
    c.charge(4 * len(codes))
    return p.TEST_STATEID4res(OK, p.TEST_STATEID4resok(codes))


@op(O.OP_FREE_STATEID, needs_fh=False, minors=V41)
async def op_free_stateid(c: Compound, args: p.FREE_STATEID4args) -> p.FREE_STATEID4res:
    sid = args.fsa_stateid
    if classify(sid.seqid, sid.other) is Special.CURRENT and c.current_stateid is not None:
        sid = _sid(c.current_stateid)
    st = c.server.stateids.find(sid.other)
    if st is not None and st.revoked:
        c.server.stateids.free(st)  # what FREE_STATEID is for (RFC 8881 8.2.4)
        c.server.delegs.forget(st.other)
        return p.FREE_STATEID4res(OK)
    st = _mine(c, sid)
    if st.kind is StateKind.DELEG:
        raise Nfs4Error(S.NFS4ERR_LOCKS_HELD)  # a live delegation goes with DELEGRETURN
    if st.kind is StateKind.OPEN:
        # An open stateid goes away with CLOSE (RFC 8881 18.38.3; knfsd answers so).
        raise Nfs4Error(S.NFS4ERR_LOCKS_HELD)
    if st.kind is StateKind.LOCK and isinstance(st.ref, LockState):
        c.server.lockowners.free(st.ref)  # LOCKS_HELD while it holds locks
        return p.FREE_STATEID4res(OK)
    c.server.stateids.free(st)
    return p.FREE_STATEID4res(OK)
