"""The byte-range lock ops: LOCK, LOCKT, LOCKU, RELEASE_LOCKOWNER (RFC 8881 18.10-18.12,
RFC 7530 16.10-16.12 and 16.37) on the server's one lock manager, which NLM shares.

Operation: LOCK names its lock-owner either with an open stateid (open_to_lock_owner4: a new
lock-owner, or a known one's first lock on this file) or with the lock-owner's lock stateid
(exist_lock_owner4); the ranges are checked (`locks.ranges.span_nfs4`: length 0 or past 2**64
is INVAL), then the grace rules (`nfs4.state.grace`: reclaims only in grace, only by clients
recorded before the restart), then `nfs4.state.lockowners` asks the lock manager.  A conflict
is NFS4ERR_DENIED with LOCK4denied naming the holder (or the earlier waiter it must yield
to); READW/WRITEW also keep a fair waiter the client's next poll finds (lockowners rule 5).
LOCKT asks without locking; LOCKU unlocks; RELEASE_LOCKOWNER (4.0) forgets a lock-owner
that holds nothing.  The manager's refusals map to statuses in `_STATUS` (one place).

4.0 seqids: LOCK with open_to_lock_owner4 is a seqid op of the open-owner (its replay cache
answers a retransmission) and starts the lock-owner's seqid; LOCK with exist_lock_owner4 and
LOCKU are seqid ops of the lock-owner (RFC 7530 9.1.7).  The owner is found from the
stateid before its seqid is checked, so a retransmission carrying the stateid of before the
first reply is replayed, not refused OLD_STATEID.  Every 4.0 lock op renews the lease.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nfsrdma.gen import nfs4_prot as p
from nfsrdma.gen.nfs4_prot import nfs_opnum4 as O
from nfsrdma.gen.nfs4_prot import nfsstat4 as S
from nfsrdma.locks.manager import Denied, Lock, LockError, LockErrorKind
from nfsrdma.locks.ranges import RangeError, length_nfs4, span_nfs4
from nfsrdma.nfs4.compound import Compound, fail_result, result_status
from nfsrdma.nfs4.errors import EXPECTED4, Nfs4Error, status_of
from nfsrdma.nfs4.ops import V40, op
from nfsrdma.nfs4.ops.open import client_of, file_key, resolve_stateid
from nfsrdma.nfs4.state.clients import Client
from nfsrdma.nfs4.state.lockowners import LockOwner, LockState, owner_key
from nfsrdma.nfs4.state.opens import ACCESS_READ, ACCESS_WRITE, Open, OpenTable, SeqidOwner
from nfsrdma.nfs4.state.stateids import Special, State, StateKind, next_seqid
from storage.backend import FileType

__all__ = ["lock_status"]

OK = S.NFS4_OK
#: LOCK4denied with the longest owner (NFS4_OPAQUE_LIMIT): status, offset, length, type,
#: clientid, owner.
DENIED_ESTIMATE = 4 + 8 + 8 + 4 + 8 + 4 + 1024

_STATUS = {
    LockErrorKind.DEADLOCK: S.NFS4ERR_DEADLOCK,
    LockErrorKind.GRACE: S.NFS4ERR_GRACE,
    LockErrorKind.NO_GRACE: S.NFS4ERR_NO_GRACE,
}


def lock_status(e: LockError, minorversion: int) -> S:
    """The one LockError -> nfsstat4 mapping: a cap reached is RESOURCE in 4.0 and DELAY in
    4.1+ (RFC 8881 15.1.1.3 retired RESOURCE for sessions)."""
    if e.kind is LockErrorKind.NO_RESOURCES:
        return S.NFS4ERR_RESOURCE if minorversion == 0 else S.NFS4ERR_DELAY
    return _STATUS[e.kind]


def _sid(st: tuple[int, bytes]) -> p.stateid4:
    return p.stateid4(st[0], st[1])


def _span(offset: int, length: int) -> tuple[int, int]:
    try:
        return span_nfs4(offset, length)
    except RangeError:
        raise Nfs4Error(S.NFS4ERR_INVAL) from None


def _locktype(t: int) -> tuple[bool, bool]:
    """(exclusive, blocking) of an nfs_lock_type4."""
    return t in (p.WRITE_LT, p.WRITEW_LT), t in (p.READW_LT, p.WRITEW_LT)


def _denied(c: Compound, lk: Lock) -> p.LOCK4denied:
    clientid, owner = c.server.lockowners.describe(lk)
    return p.LOCK4denied(lk.start, length_nfs4(lk.start, lk.end),
                         p.WRITE_LT if lk.exclusive else p.READ_LT,
                         p.state_owner4(clientid, owner))


def _found(c: Compound, sid: p.stateid4, kind: StateKind) -> tuple[State, int, bytes]:
    """The state `sid` names, found by its ``other`` alone: the seqid is checked later,
    after a 4.0 retransmission had its chance (module docstring).

    Raises: Nfs4Error BAD_STATEID (special, unknown, another kind), STALE_STATEID, EXPIRED.
    """
    seqid, other, special = resolve_stateid(c, sid)
    if special is not Special.NONE:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    st = c.server.stateids.find(other)
    if st is None or st.revoked:
        c.server.stateids.check(seqid, other, c.minorversion)  # raises the right status
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    if st.kind is not kind:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    return st, seqid, other


async def _seqid_op(c: Compound, owner: SeqidOwner, seqid: int, opnum: O, result_type: type,
                    run: Callable[[], Awaitable[Any]]) -> Any:
    """Run a 4.0 seqid op of `owner` (RFC 7530 9.1.7; module docstring); 4.1+: just run."""
    if c.minorversion > 0:
        return await run()
    replay = OpenTable.check_seqid(owner, seqid)
    if replay is not None:
        if not isinstance(replay.result, result_type):
            raise Nfs4Error(S.NFS4ERR_BAD_SEQID)  # the owner's last op was another one
        return replay.result
    try:
        res = await run()
    except EXPECTED4 as e:
        status = status_of(e)
        OpenTable.record(owner, seqid, status, fail_result(opnum, status), c.current_fh)
        raise
    OpenTable.record(owner, seqid, result_status(res), res, c.current_fh)
    return res


def _check_openmode(o: Open, exclusive: bool) -> None:
    """A WRITE lock needs the file open for writing, a READ lock for reading (knfsd's
    find_writeable_file / find_readable_file).  Raises: Nfs4Error(OPENMODE)."""
    if not o.access & (ACCESS_WRITE if exclusive else ACCESS_READ):
        raise Nfs4Error(S.NFS4ERR_OPENMODE)


async def _apply(c: Compound, clp: Client, ls: LockState, args: p.LOCK4args, start: int,
                 end: int) -> p.LOCK4res:
    """The grace rules, then the lock itself on lock stateid `ls` (a stateid this LOCK
    created goes again if it fails: the client never learns it).  With an outside arbiter
    (CephFS: other gateways' locks) the range is taken there first."""
    tbl = c.server.lockowners
    grace = c.server.grace
    arbiter = c.server.locks.arbiter
    exclusive, block = _locktype(args.locktype)
    try:
        if args.reclaim:
            grace.check_reclaim(clp)  # NO_GRACE, RECLAIM_BAD
        else:
            grace.check_new(clp)  # GRACE (and before a 4.1 client's RECLAIM_COMPLETE)
        _check_openmode(ls.open, exclusive)
        if arbiter is not None and not await arbiter.try_lock(
                ls.file, ls.owner.key, start, end, exclusive):
            tbl.discard_unused(ls)
            return p.LOCK4res(S.NFS4ERR_DENIED, p.LOCK4denied(
                start, length_nfs4(start, end), p.WRITE_LT if exclusive else p.READ_LT,
                p.state_owner4(0, b"another CephFS client")))
        try:
            res = tbl.lock(ls, start, end, exclusive, block=block, reclaim=args.reclaim)
        except LockError as e:
            if arbiter is not None:
                await arbiter.resync(ls.file, ls.owner.key, c.server.locks.locks(
                    ls.file, ls.owner.key))
            raise Nfs4Error(lock_status(e, c.minorversion)) from None
    except EXPECTED4:
        tbl.discard_unused(ls)
        raise
    if isinstance(res, Denied):
        if arbiter is not None:
            await arbiter.resync(ls.file, ls.owner.key, c.server.locks.locks(
                ls.file, ls.owner.key))
        tbl.discard_unused(ls)
        return p.LOCK4res(S.NFS4ERR_DENIED, _denied(c, res.conflict))
    c.current_stateid = ls.state.stateid
    return p.LOCK4res(OK, p.LOCK4resok(_sid(ls.state.stateid)))


async def _lock_new_owner(c: Compound, args: p.LOCK4args, ol: p.open_to_lock_owner4
                          ) -> p.LOCK4res:
    st, seqid, other = _found(c, ol.open_stateid, StateKind.OPEN)
    o = st.ref
    assert isinstance(o, Open)
    tbl = c.server.lockowners
    owner = bytes(ol.lock_owner.owner)
    lo: LockOwner | None = None

    async def run() -> p.LOCK4res:
        nonlocal lo
        key = file_key(c.fh())
        c.target()
        start, end = _span(args.offset, args.length)
        clp = client_of(c, ol.lock_owner.clientid)
        c.server.stateids.check(seqid, other, c.minorversion)
        if st.client != clp.clientid or o.file != key or not o.owner.confirmed:
            raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
        known = tbl.find_owner(clp.clientid, owner)
        if (known is not None and c.minorversion == 0 and known.seqid is not None
                and any(ls.known for ls in known.states.values())
                and ol.lock_seqid != next_seqid(known.seqid)):
            # An established lock-owner goes on with its next seqid; one whose LOCKs all
            # failed was never established, and the Linux client starts it over at 0.
            raise Nfs4Error(S.NFS4ERR_BAD_SEQID)
        try:
            lo = tbl.owner(clp.clientid, owner)
        except LockError as e:
            raise Nfs4Error(lock_status(e, c.minorversion)) from None
        try:
            res = await _apply(c, clp, tbl.state_for(lo, o), args, start, end)
        except EXPECTED4 as e:
            if c.minorversion == 0:
                status = status_of(e)
                OpenTable.record(lo, ol.lock_seqid, status, fail_result(O.OP_LOCK, status),
                                 c.current_fh)
            raise
        if c.minorversion == 0:
            OpenTable.record(lo, ol.lock_seqid, res.tag, res, c.current_fh)
        return res

    return await _seqid_op(c, o.owner, ol.open_seqid, O.OP_LOCK,  # type: ignore[no-any-return]
                           p.LOCK4res, run)


def _held_here(c: Compound, ls: LockState, seqid: int, other: bytes, offset: int,
               length: int) -> tuple[Client, int, int]:
    """The client of lock stateid ``ls`` and the range asked for, once the stateid is
    current and names the current file (BAD_STATEID otherwise): what LOCK with an existing
    owner and LOCKU check first, in this order (file handle, range, client, stateid)."""
    key = file_key(c.fh())
    c.target()
    start, end = _span(offset, length)
    clp = client_of(c, ls.owner.client)
    c.server.stateids.check(seqid, other, c.minorversion)
    if clp.clientid != ls.owner.client or ls.file != key:
        raise Nfs4Error(S.NFS4ERR_BAD_STATEID)
    return clp, start, end


async def _lock_exist_owner(c: Compound, args: p.LOCK4args, el: p.exist_lock_owner4
                            ) -> p.LOCK4res:
    st, seqid, other = _found(c, el.lock_stateid, StateKind.LOCK)
    ls = st.ref
    assert isinstance(ls, LockState)

    async def run() -> p.LOCK4res:
        clp, start, end = _held_here(c, ls, seqid, other, args.offset, args.length)
        return await _apply(c, clp, ls, args, start, end)

    return await _seqid_op(c, ls.owner, el.lock_seqid, O.OP_LOCK,  # type: ignore[no-any-return]
                           p.LOCK4res, run)


@op(O.OP_LOCK, reply_estimate=DENIED_ESTIMATE)
async def op_lock(c: Compound, args: p.LOCK4args) -> p.LOCK4res:
    if args.locker.tag:
        return await _lock_new_owner(c, args, args.locker.value)
    return await _lock_exist_owner(c, args, args.locker.value)


@op(O.OP_LOCKT, reply_estimate=DENIED_ESTIMATE)
async def op_lockt(c: Compound, args: p.LOCKT4args) -> p.LOCKT4res:
    key = file_key(c.fh())
    t = c.target()
    attrs = await t.export.backend.getattr(t.fid, t.cred)
    if attrs.type is FileType.DIR:
        raise Nfs4Error(S.NFS4ERR_ISDIR)
    if attrs.type is FileType.LNK:
        raise Nfs4Error(S.NFS4ERR_SYMLINK)
    if attrs.type is not FileType.REG:
        raise Nfs4Error(S.NFS4ERR_INVAL if c.minorversion == 0 else S.NFS4ERR_WRONG_TYPE)
    start, end = _span(args.offset, args.length)
    exclusive, _ = _locktype(args.locktype)
    clp = client_of(c, args.owner.clientid)
    try:
        lk = c.server.locks.test(key, owner_key(clp.clientid, bytes(args.owner.owner)),
                                 start, end, exclusive)
    except LockError as e:
        raise Nfs4Error(lock_status(e, c.minorversion)) from None
    if lk is None:
        return p.LOCKT4res(OK)
    return p.LOCKT4res(S.NFS4ERR_DENIED, _denied(c, lk))


@op(O.OP_LOCKU)
async def op_locku(c: Compound, args: p.LOCKU4args) -> p.LOCKU4res:
    st, seqid, other = _found(c, args.lock_stateid, StateKind.LOCK)
    ls = st.ref
    assert isinstance(ls, LockState)

    async def run() -> p.LOCKU4res:
        _, start, end = _held_here(c, ls, seqid, other, args.offset, args.length)
        try:
            c.server.lockowners.unlock(ls, start, end)
        except LockError as e:
            raise Nfs4Error(lock_status(e, c.minorversion)) from None
        c.current_stateid = ls.state.stateid
        return p.LOCKU4res(OK, _sid(ls.state.stateid))

    return await _seqid_op(c, ls.owner, args.seqid, O.OP_LOCKU,  # type: ignore[no-any-return]
                           p.LOCKU4res, run)


@op(O.OP_RELEASE_LOCKOWNER, needs_fh=False, minors=V40)
async def op_release_lockowner(c: Compound, args: p.RELEASE_LOCKOWNER4args
                               ) -> p.RELEASE_LOCKOWNER4res:
    clp = client_of(c, args.lock_owner.clientid)  # STALE_CLIENTID; renews the lease
    tbl = c.server.lockowners
    lo = tbl.find_owner(clp.clientid, bytes(args.lock_owner.owner))
    if lo is not None:
        tbl.release_owner(lo)  # LOCKS_HELD
    return p.RELEASE_LOCKOWNER4res(OK)
