"""NFSv4 lock-owners and lock stateids on the server's one `locks.LockManager` (sans-I/O;
RFC 8881 8.2.4, 9.4-9.6, 18.10-18.12, 18.38; RFC 7530 9.1.7, 9.4-9.5, 16.10-16.12, 16.37).

Rules (each a unit test in tests/nfsrdma/nfs4/state/test_lockowners.py):

1. A lock-owner is (client id, owner bytes).  Its locks live in the lock manager under
   ``Owner(("v4", clientid), owner)`` on the file key ``(export id, fid)`` (`opens.FileKey`),
   the key NLM uses too, so a v3 NLM lock and a v4 LOCK on one file conflict.  Two
   lock-owners of one client conflict like two processes.
2. A lock-owner has at most one lock stateid per file (`LockState`), created by the LOCK
   that names the lock-owner with an open stateid (open_to_lock_owner4) and tied to that
   open.  Its seqid starts at 1 and goes up on every LOCK and LOCKU that succeeds after
   the client learnt it.  It lives while its open does, even with no locks left (RFC 8881
   8.2.4), until FREE_STATEID (4.1), RELEASE_LOCKOWNER (4.0) or the CLOSE of its open.
3. CLOSE of an open whose lock stateids still hold locks is NFS4ERR_LOCKS_HELD (RFC 7530
   16.2.4 lets the server refuse); otherwise its lock stateids go with it.  FREE_STATEID of
   a lock stateid that holds locks, and RELEASE_LOCKOWNER of a lock-owner that does, are
   NFS4ERR_LOCKS_HELD too (RFC 8881 18.38.3, RFC 7530 16.37.4).
4. 4.0 lock-owners carry a seqid like open-owners (`opens` rule 5): open_to_lock_owner4's
   lock_seqid starts a new lock-owner, then last + 1 is the next request and last the
   retransmission answered with the last reply.  A lock-owner counts as new again while the
   client never learnt a stateid of it (its LOCKs were all refused): the Linux client then
   frees its lock state and starts the next one at seqid 0.  An established one must get
   exactly its next seqid in open_to_lock_owner4 too, else BAD_SEQID.  4.1+ ignores seqids.
5. Blocking requests (READW_LT / WRITEW_LT) are answered NFS4ERR_DENIED at once (the client
   polls, RFC 8881 9.6) but keep a waiter in the manager's fair queue, whose deadline (one
   lease) each poll renews, so a polling client is granted in arrival order.  A waiter
   granted between two polls holds the bytes as "pending" until the owner's next LOCK of
   that range claims it; unclaimed for a lease (the client gave up, e.g. a signal), or at
   the CLOSE / FREE_STATEID / RELEASE_LOCKOWNER of its state, the owner's bytes in that
   range go back to what they were, so no lock is left that the client never learnt of.
6. A client that goes away (lease expiry, DESTROY_CLIENTID) loses every lock and waiter at
   once (`LockManager.release_client`) and its lock-owners and stateids.
7. A lock-owner with no lock stateid is forgotten after a lease idle (`sweep`); a lock
   stateid a failed LOCK created (the client never learnt it) goes at once unless a waiter
   needs it (`discard_unused`).  A client has at most `MAX_OWNERS_PER_CLIENT` lock-owners:
   past it its idle ones are forgotten first, then LOCK is refused (NO_RESOURCES).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from nfsrdma.gen.nfs4_prot import nfsstat4
from nfsrdma.locks.manager import (
    Denied,
    Granted,
    Lock,
    LockError,
    LockErrorKind,
    LockManager,
    LockResult,
    Owner,
    Queued,
    Waiter,
)
from nfsrdma.nfs4.errors import Nfs4Error
from nfsrdma.nfs4.state.opens import FileKey, Open, Replay
from nfsrdma.nfs4.state.stateids import State, StateidTable, StateKind

__all__ = ["MAX_OWNERS_PER_CLIENT", "LockOwner", "LockOwnerTable", "LockState", "Pending",
           "owner_key"]

S = nfsstat4

#: Lock-owners per client (rule 7).  Linux uses one per process (per open file description
#: for OFD locks and flock); 4096 is more than any client host runs at once while bounding
#: what a hostile client can make the server remember (a few hundred bytes each).
MAX_OWNERS_PER_CLIENT = 4096


def owner_key(client: int, owner: bytes) -> Owner:
    """The lock manager's owner for a v4 lock-owner (rule 1)."""
    return Owner(("v4", client), owner)


class LockOwner:
    """(client, owner), its lock stateids by file (rule 2) and 4.0 seqid state (rule 4)."""

    __slots__ = ("client", "idle_since", "key", "last", "owner", "seqid", "states")

    def __init__(self, client: int, owner: bytes, now: float) -> None:
        self.client = client
        self.owner = owner
        self.key = owner_key(client, owner)
        #: the last seqid answered (4.0); None before the first request.
        self.seqid: int | None = None
        self.last: Replay | None = None
        self.states: dict[FileKey, LockState] = {}
        #: when it last had no lock stateid (None while it has some): `sweep`.
        self.idle_since: float | None = now


class LockState:
    """One lock-owner's lock stateid on one file, tied to the open it came from.
    ``known``: the stateid was returned to the client (a LOCK that created it but was
    DENIED did not); its seqid goes up only once it is (rule 2)."""

    __slots__ = ("file", "known", "open", "owner", "state")

    def __init__(self, owner: LockOwner, file: FileKey, open_: Open, state: State) -> None:
        self.owner = owner
        self.file = file
        self.open = open_
        self.state = state
        self.known = False


class Pending:
    """A blocking request (rule 5): its waiter, the owner's bytes in its range before it
    (what a revert restores) and, once granted unclaimed, the deadline to claim it by."""

    __slots__ = ("before", "claim_by", "lstate", "waiter")

    def __init__(self, lstate: LockState, waiter: Waiter, before: list[Lock]) -> None:
        self.lstate = lstate
        self.waiter = waiter
        self.before = before
        self.claim_by: float | None = None


def _within(locks: list[Lock], start: int, end: int) -> list[Lock]:
    """The parts of `locks` inside [start, end)."""
    return [Lock(lk.owner, max(lk.start, start), min(lk.end, end), lk.exclusive)
            for lk in locks if lk.start < end and start < lk.end]


def _without(locks: list[Lock], start: int, end: int) -> list[Lock]:
    """The parts of `locks` outside [start, end)."""
    out = []
    for lk in locks:
        if lk.start < start:
            out.append(Lock(lk.owner, lk.start, min(lk.end, start), lk.exclusive))
        if end < lk.end:
            out.append(Lock(lk.owner, max(lk.start, end), lk.end, lk.exclusive))
    return out


class LockOwnerTable:
    """Every v4 lock-owner and lock stateid of one server (module rules).

    ``stateids``: the server's stateid table; ``locks``: its one lock manager; ``clock``:
    monotonic seconds; ``lease``: the lease time (waiter and claim deadlines, idle owners).
    """

    __slots__ = ("_count", "_owners", "_pending", "clock", "lease", "locks", "max_owners",
                 "stateids")

    def __init__(self, stateids: StateidTable, locks: LockManager, clock: Callable[[], float],
                 lease: float, max_owners: int = MAX_OWNERS_PER_CLIENT) -> None:
        self.stateids = stateids
        self.locks = locks
        self.clock = clock
        self.lease = lease
        self.max_owners = max_owners
        self._owners: dict[tuple[int, bytes], LockOwner] = {}
        self._count: dict[int, int] = {}  # lock-owners per client
        self._pending: dict[Waiter, Pending] = {}

    # -- owners and stateids ------------------------------------------------------------------

    def owner(self, client: int, owner: bytes) -> LockOwner:
        """The lock-owner (client, owner), created if new.

        Raises: LockError(NO_RESOURCES) when the client has `max_owners` that all hold
        lock stateids (rule 7).
        """
        lo = self._owners.get((client, owner))
        if lo is None:
            if self._count.get(client, 0) >= self.max_owners:
                idle = sorted((o for (c, _), o in self._owners.items()
                               if c == client and not o.states),
                              key=lambda o: o.idle_since or 0.0)
                for old in idle[:max(1, len(idle) // 2)]:
                    self._forget(old)
                if self._count.get(client, 0) >= self.max_owners:
                    raise LockError(LockErrorKind.NO_RESOURCES, "too many lock-owners")
            lo = self._owners[(client, owner)] = LockOwner(client, owner, self.clock())
            self._count[client] = self._count.get(client, 0) + 1
        return lo

    def _forget(self, lo: LockOwner) -> None:
        if self._owners.pop((lo.client, lo.owner), None) is lo:
            n = self._count.get(lo.client, 0) - 1
            if n > 0:
                self._count[lo.client] = n
            else:
                self._count.pop(lo.client, None)

    def find_owner(self, client: int, owner: bytes) -> LockOwner | None:
        return self._owners.get((client, owner))

    def state_for(self, lo: LockOwner, open_: Open) -> LockState:
        """The lock-owner's lock stateid on the open's file, created (tied to `open_`) if
        it has none (rule 2)."""
        ls = lo.states.get(open_.file)
        if ls is None:
            st = self.stateids.new(StateKind.LOCK, lo.client)
            ls = LockState(lo, open_.file, open_, st)
            st.ref = ls
            lo.states[open_.file] = ls
            lo.idle_since = None
        return ls

    def holds_locks(self, ls: LockState) -> bool:
        return bool(self.locks.locks(ls.file, ls.owner.key))

    def discard_unused(self, ls: LockState) -> None:
        """A LOCK that created `ls` failed: forget it unless the client learnt it, it holds
        locks, or a waiter of its owner needs it (rule 7; knfsd releases it so too)."""
        if ls.known or self.holds_locks(ls) or any(
                pd.lstate is ls for pd in self._pending.values()):
            return
        self._drop_state(ls)

    # -- LOCK, LOCKU ---------------------------------------------------------------------------

    def lock(self, ls: LockState, start: int, end: int, exclusive: bool, *, block: bool,
             reclaim: bool) -> LockResult:
        """LOCK's state change on lock stateid `ls` (rules 2, 5).

        Returns: Granted (the stateid to answer is ``ls.state.stateid``, bumped if the
        client knew it), or Denied(conflict) (a blocking request keeps its waiter).
        Raises: LockError (GRACE, NO_GRACE, DEADLOCK, NO_RESOURCES) from the manager.
        """
        key = ls.owner.key
        before = _within(self.locks.locks(ls.file, key), start, end)
        if block:
            res = self.locks.lock(ls.file, key, start, end, exclusive, block=True,
                                  reclaim=reclaim, cookie=self, wait_for=self.lease)
            if isinstance(res, Queued):
                pend = self._pending.get(res.waiter)
                if pend is None:
                    self._pending[res.waiter] = Pending(ls, res.waiter, before)
                conflict = self._conflict_for(ls.file, key, start, end, exclusive)
                return Denied(conflict)
        else:
            res = self.locks.lock(ls.file, key, start, end, exclusive, reclaim=reclaim)
            if isinstance(res, Denied):
                return res
        self._claim(ls, start, end, exclusive)
        if ls.known:
            ls.state.bump()
        ls.known = True
        return Granted()

    def _conflict_for(self, file: Hashable, key: Owner, start: int, end: int,
                      exclusive: bool) -> Lock:
        """What a queued request waits for, for LOCK4denied: a held lock it conflicts with,
        else the earlier waiter it yields to (the manager's own order)."""
        for lk in self.locks.locks(file):
            if (lk.owner != key and lk.start < end and start < lk.end
                    and (exclusive or lk.exclusive)):
                return lk
        for w in self.locks.waiters(file):
            if w.owner == key:
                break
            if w.start < end and start < w.end and (exclusive or w.exclusive):
                return Lock(w.owner, w.start, w.end, w.exclusive)
        # Only reached when the manager queued behind something we do not see; say so
        # honestly as the whole range held by nobody the client knows.
        return Lock(Owner(None, b""), start, end, True)

    def _claim(self, ls: LockState, start: int, end: int, exclusive: bool) -> None:
        """The owner's LOCK succeeded: a pending grant of exactly this request is claimed;
        other pending ones of the owner on the file now count these bytes as wanted."""
        key = ls.owner.key
        for w, pend in list(self._pending.items()):
            if w.owner != key or w.file != ls.file:
                continue
            if (w.start, w.end, w.exclusive) == (start, end, exclusive):
                del self._pending[w]
                if w.state == "queued":  # granted through another path: not needed now
                    self.locks.cancel(w)
            elif w.start < end and start < w.end:
                pend.before = _without(pend.before, start, end) + _within(
                    [Lock(key, start, end, exclusive)], w.start, w.end)

    def unlock(self, ls: LockState, start: int, end: int) -> None:
        """LOCKU's state change (rule 2): bytes not locked are fine (POSIX); the stateid's
        seqid goes up.  Raises: LockError(NO_RESOURCES) past the client's record cap."""
        self.locks.unlock(ls.file, ls.owner.key, start, end)
        for w, pend in self._pending.items():
            if w.owner == ls.owner.key and w.file == ls.file:
                pend.before = _without(pend.before, start, end)
        ls.state.bump()
        ls.known = True

    # -- pending grants (rule 5) ---------------------------------------------------------------

    def _revert(self, pend: Pending) -> None:
        """Drop a blocking request: cancel its waiter, or give back its unclaimed grant."""
        w = pend.waiter
        self._pending.pop(w, None)
        if w.state == "queued":
            self.locks.cancel(w)
        elif w.state == "granted":
            # Relock what the owner held in place first (a downgrade at most: it yields to
            # no waiter, those wait for this owner), then unlock the rest of the range.
            for lk in pend.before:
                self.locks.lock(w.file, w.owner, lk.start, lk.end, lk.exclusive)
            gaps = [Lock(w.owner, w.start, w.end, w.exclusive)]
            for lk in pend.before:
                gaps = _without(gaps, lk.start, lk.end)
            for gap in gaps:
                self.locks.unlock(w.file, w.owner, gap.start, gap.end)

    def _revert_where(self, match: Callable[[Pending], bool]) -> None:
        for pend in [pd for pd in self._pending.values() if match(pd)]:
            self._revert(pend)

    def pending(self) -> list[Pending]:
        return list(self._pending.values())

    # -- CLOSE, FREE_STATEID, RELEASE_LOCKOWNER -----------------------------------------------

    def close_open(self, open_: Open) -> None:
        """CLOSE of `open_` (rule 3): its lock stateids go, unless they hold locks.

        Raises: Nfs4Error(LOCKS_HELD).
        """
        mine = [ls for ls in self._states_of_file(open_.file) if ls.open is open_]
        if not mine:
            return
        self._revert_where(lambda pd: pd.lstate in mine)
        if any(self.holds_locks(ls) for ls in mine):
            raise Nfs4Error(S.NFS4ERR_LOCKS_HELD)
        for ls in mine:
            self._drop_state(ls)

    def free(self, ls: LockState) -> None:
        """FREE_STATEID of a lock stateid (rule 3).  Raises: Nfs4Error(LOCKS_HELD)."""
        self._revert_where(lambda pd: pd.lstate is ls)
        if self.holds_locks(ls):
            raise Nfs4Error(S.NFS4ERR_LOCKS_HELD)
        self._drop_state(ls)

    def release_owner(self, lo: LockOwner) -> None:
        """RELEASE_LOCKOWNER (rule 3): forget the lock-owner and its stateids.

        Raises: Nfs4Error(LOCKS_HELD) while it holds locks.
        """
        self._revert_where(lambda pd: pd.lstate.owner is lo)
        if any(self.holds_locks(ls) for ls in lo.states.values()):
            raise Nfs4Error(S.NFS4ERR_LOCKS_HELD)
        self.locks.release_owner(lo.key)  # waiters of states we never handed out
        for ls in list(lo.states.values()):
            self._drop_state(ls)
        self._forget(lo)

    def _states_of_file(self, file: FileKey) -> list[LockState]:
        return [ls for lo in self._owners.values() for f, ls in lo.states.items() if f == file]

    def _drop_state(self, ls: LockState) -> None:
        lo = ls.owner
        if lo.states.get(ls.file) is ls:
            del lo.states[ls.file]
        self.stateids.free(ls.state)
        if not lo.states:
            lo.idle_since = self.clock()

    # -- lifetime ------------------------------------------------------------------------------

    def expire_client(self, client: int) -> int:
        """Rule 6: free every lock, waiter, lock-owner and lock stateid of `client`;
        returns how many lock-owners went."""
        for w in [w for w in self._pending if w.owner.client == ("v4", client)]:
            del self._pending[w]
        self.locks.release_client(("v4", client))
        gone = [lo for k, lo in self._owners.items() if k[0] == client]
        for lo in gone:
            self._forget(lo)
            for ls in lo.states.values():
                self.stateids.free(ls.state)
        return len(gone)

    def sweep(self) -> float | None:
        """The timer's work (rules 5, 7): drop overdue waiters, start the claim deadline of
        waiters granted since, give back grants unclaimed for a lease, forget idle owners.

        Returns: seconds until the next deadline here, or None when nothing waits.
        """
        now = self.clock()
        self.locks.expire_waiters()
        self.locks.take_grants(self._is_mine)  # v4 learns of grants from the waiter's state
        nxt: float | None = None
        for pend in list(self._pending.values()):
            w = pend.waiter
            if w.state == "cancelled":
                del self._pending[w]
                continue
            if w.state == "granted" and pend.claim_by is None:
                pend.claim_by = now + self.lease
            due = pend.claim_by if pend.claim_by is not None else w.deadline
            if pend.claim_by is not None and pend.claim_by <= now:
                self._revert(pend)
                continue
            if due is not None:
                nxt = due - now if nxt is None else min(nxt, due - now)
        limit = now - self.lease
        for lo in [lo for lo in self._owners.values()
                   if not lo.states and lo.idle_since is not None and lo.idle_since <= limit]:
            self._forget(lo)
        return nxt

    def _is_mine(self, w: Waiter) -> bool:
        return w.cookie is self

    def describe(self, lk: Lock) -> tuple[int, bytes]:
        """(clientid, owner) to name a conflicting lock's owner in LOCK4denied: a v4 owner
        as itself, another protocol's (NLM) as clientid 0 and its owner key's bytes."""
        client: Any = lk.owner.client
        if isinstance(client, tuple) and len(client) == 2 and client[0] == "v4":
            key = lk.owner.key
            return int(client[1]), key if isinstance(key, bytes) else repr(key).encode()
        key = lk.owner.key
        return 0, (key if isinstance(key, bytes) else repr((client, key)).encode())[:1024]
